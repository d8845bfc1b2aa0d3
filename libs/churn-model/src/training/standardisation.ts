/** Per-feature mean and standard deviation of the training rows. */
export interface Standardisation {
  means: number[];
  stds: number[];
}

/** A constant feature gets std 1, so it standardises to 0 instead of dividing by zero. */
export function fitStandardisation(rows: readonly (readonly number[])[]): Standardisation {
  const width = rows[0]?.length ?? 0;
  const means = Array.from({ length: width }, (_, j) => meanOf(rows, j));
  const stds = means.map((m, j) => {
    const variance = rows.reduce((sum, row) => sum + ((row[j] ?? 0) - m) ** 2, 0) / rows.length;
    return variance > 0 ? Math.sqrt(variance) : 1;
  });
  return { means, stds };
}

export function standardise(row: readonly number[], { means, stds }: Standardisation): number[] {
  return row.map((value, j) => (value - (means[j] ?? 0)) / (stds[j] ?? 1));
}

function meanOf(rows: readonly (readonly number[])[], j: number): number {
  return rows.reduce((sum, row) => sum + (row[j] ?? 0), 0) / rows.length;
}
