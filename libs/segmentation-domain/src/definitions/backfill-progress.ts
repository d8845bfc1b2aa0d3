/** Where a background re-evaluation stands; `cursor` null = not started (SCAN starts at '0'). */
export interface BackfillProgress {
  processed: number;
  changes: number;
  /** Customers expected: an estimate while running, exact once done. */
  total: number | null;
  cursor: string | null;
}

/** One page of a hot-store scan and what re-evaluating it changed. */
export interface BackfillPage {
  scanned: number;
  changes: number;
  /** SCAN's next cursor: '0' when the iteration is complete. */
  nextCursor: string;
}

export const SCAN_START = '0';

/** The scan cursor a job continues from. */
export function resumeCursor(progress: BackfillProgress): string {
  return progress.cursor ?? SCAN_START;
}

/**
 * Progress after a page. SCAN may return a customer twice (re-evaluation is idempotent), so
 * `processed` can pass the estimate; the total then follows it, and is exact when done.
 */
export function advance(
  progress: BackfillProgress,
  page: BackfillPage,
): { progress: BackfillProgress; finished: boolean } {
  const processed = progress.processed + page.scanned;
  const finished = page.nextCursor === SCAN_START;
  const total = finished ? processed : Math.max(progress.total ?? 0, processed);
  return {
    progress: {
      processed,
      changes: progress.changes + page.changes,
      total,
      cursor: page.nextCursor,
    },
    finished,
  };
}

/** Share done, 0..1; null while nothing is known about the population. */
export function fractionDone(progress: BackfillProgress, finished: boolean): number | null {
  if (finished) return 1;
  if (progress.total === null || progress.total === 0) return null;
  return Math.min(1, progress.processed / progress.total);
}
