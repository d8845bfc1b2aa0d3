/** What a preview found in the customers it scanned, projected onto the whole population. */
export interface PreviewEstimate {
  scanned: number;
  matched: number;
  /** matched / scanned (0 when nothing was scanned). */
  share: number;
  /** Exact when the scan covered everyone, else share × population. */
  estimatedSize: number;
  /** Whether every customer was scanned (the size is then exact). */
  complete: boolean;
}

export function estimatePreview(input: {
  scanned: number;
  matched: number;
  /** Customers known to the durable store (the population the sample is drawn from). */
  population: number;
  complete: boolean;
}): PreviewEstimate {
  const { scanned, matched, complete } = input;
  const share = scanned === 0 ? 0 : matched / scanned;
  const population = Math.max(input.population, scanned);
  return {
    scanned,
    matched,
    share,
    estimatedSize: complete ? matched : Math.round(share * population),
    complete,
  };
}
