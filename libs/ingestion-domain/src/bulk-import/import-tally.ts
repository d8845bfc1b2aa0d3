/** Running counts of an import, for the progress line and the summary. */
export class ImportTally {
  read = 0;
  accepted = 0;
  /** Sent before (same event id and body): already in, not added again. */
  replayed = 0;
  rejected = 0;

  summary(elapsedMs: number): string {
    const seconds = Math.max(elapsedMs, 1) / 1_000;
    return (
      `${this.read} rows: ${this.accepted} accepted, ${this.replayed} already imported, ` +
      `${this.rejected} rejected in ${seconds.toFixed(1)} s (${Math.round(this.read / seconds)} rows/s)`
    );
  }
}

/** A one-line text progress bar: `[#####.....]  52%  10400 rows`. */
export function progressBar(done: number, total: number, rows: number, width = 30): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${rows} rows`;
}
