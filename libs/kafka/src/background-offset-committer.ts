/** Commits the offsets resolved so far (kafkajs: commitOffsetsIfNecessary(uncommittedOffsets())). */
export type CommitResolvedOffsets = () => Promise<void>;

/**
 * Commits resolved offsets beside the fetch loop instead of in it. kafkajs' own auto-commit sends
 * one OffsetCommit per finished partition batch and the fetcher waits for every one of them
 * before it fetches again: on a busy broker that was the largest share of a fetch cycle. Here at
 * most one commit is in flight per consumer; requests made meanwhile are served by a single
 * further commit of whatever is resolved by then.
 *
 * A commit lost to a rebalance or a crash only means those messages are delivered again, which
 * every handler already tolerates (inbox, per-key versions): offsets are still committed only
 * after their messages were handled or dead-lettered, never before.
 */
export class BackgroundOffsetCommitter {
  private running: Promise<void> | undefined;
  private again = false;
  private commit: CommitResolvedOffsets | undefined;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Commits soon, without waiting. */
  request(commit: CommitResolvedOffsets): void {
    this.commit = commit;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain();
  }

  /** Commits now and waits until what was resolved before the call is committed (or failed). */
  async flush(commit: CommitResolvedOffsets): Promise<void> {
    this.request(commit);
    await this.running;
  }

  /** Settles once no commit is running; never rejects. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      const commit = this.commit;
      try {
        if (commit) await commit();
      } catch (error) {
        this.onError(error);
      }
    } while (this.again);
    this.running = undefined;
  }
}
