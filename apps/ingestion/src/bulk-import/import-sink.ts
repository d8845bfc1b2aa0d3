import { ImportTally, progressBar, type RejectedRow } from '@cip/ingestion-domain';
import { once } from 'node:events';
import { createWriteStream, statSync, type WriteStream } from 'node:fs';

/**
 * What every import writes besides its API calls: the tally, the reject file (one JSON per line)
 * and a throttled progress bar over the bytes of the input file read so far.
 */
export class ImportSink {
  readonly tally = new ImportTally();
  private readonly rejects: WriteStream;
  private readonly totalBytes: number;
  private lastProgressAt = 0;

  constructor(
    file: string,
    rejectFile: string,
    private readonly onProgress?: (line: string) => void,
  ) {
    this.totalBytes = statSync(file).size;
    this.rejects = createWriteStream(rejectFile, { flags: 'w' });
  }

  reject(row: RejectedRow): void {
    this.tally.rejected += 1;
    this.rejects.write(`${JSON.stringify(row)}\n`);
  }

  progress(bytesRead: number): void {
    if (!this.onProgress || Date.now() - this.lastProgressAt < 200) return;
    this.lastProgressAt = Date.now();
    this.onProgress(progressBar(bytesRead, this.totalBytes, this.tally.read));
  }

  async close(): Promise<void> {
    this.onProgress?.(progressBar(this.totalBytes, this.totalBytes, this.tally.read));
    this.rejects.end();
    await once(this.rejects, 'finish');
  }
}

/** Runs tasks with at most `limit` in flight; the first failure stops new ones and is rethrown. */
export class BoundedTasks {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  get failed(): boolean {
    return this.failure !== undefined;
  }

  async run(task: () => Promise<void>): Promise<void> {
    const tracked: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    if (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure.error;
  }
}
