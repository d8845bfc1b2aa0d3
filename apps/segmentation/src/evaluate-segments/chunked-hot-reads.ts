import type { CustomerStateRunner } from './customer-state-runner';
import type { HotSegmentRecord } from './segment-state.ports';

type HotRecords = Map<string, HotSegmentRecord>;

/**
 * The hot reads of one call, in chunks that are each their own pipeline: the first chunk is
 * evaluated while Redis still answers the next, and its write goes out while the next is
 * evaluated, where one read and one write of the whole call left the service idle during each.
 * Chunks hold different customers, so no customer's writes change order.
 */
export class ChunkedHotReads {
  private readonly chunks: Array<readonly string[]> = [];
  private readonly reads: Array<Promise<HotRecords>> = [];

  constructor(
    private readonly runner: Pick<CustomerStateRunner, 'readHot'>,
    private readonly chunkSize: number,
  ) {}

  /** Issues the reads of these customers, `chunkSize` per pipeline. */
  add(customerIds: readonly string[]): void {
    for (let from = 0; from < customerIds.length; from += this.chunkSize) {
      const ids = customerIds.slice(from, from + this.chunkSize);
      this.chunks.push(ids);
      this.reads.push(this.runner.readHot(ids));
    }
  }

  /**
   * `each` on every chunk as soon as its read lands, results in chunk order. Rejects with the
   * first failure once every read and every `each` has settled, so nothing is left unhandled.
   */
  async runEach<R>(each: (ids: readonly string[], hot: HotRecords) => Promise<R[]>): Promise<R[]> {
    const runs = this.chunks.map(async (ids, i) => each(ids, await this.reads[i]!));
    const results = await Promise.allSettled(runs);
    await this.settled();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  }

  /** Every read issued so far has settled (a caller giving up waits for this first). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.reads);
  }
}
