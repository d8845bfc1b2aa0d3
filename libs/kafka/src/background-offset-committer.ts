/** Commits the offsets resolved so far (kafkajs: commitOffsetsIfNecessary(uncommittedOffsets())). */
export type CommitResolvedOffsets = () => Promise<void>;

export interface OffsetCommitPacing {
  /**
   * Least time between the starts of two commits requested by finished batches; 0 commits as
   * soon as the previous one is done. `flush` never waits for it.
   */
  minIntervalMs: number;
  /** Monotonic clock in ms (injected by tests). */
  now?: () => number;
}

/**
 * Commits resolved offsets beside the fetch loop instead of in it. kafkajs' own auto-commit sends
 * one OffsetCommit per finished partition batch and the fetcher waits for every one of them
 * before it fetches again: on a busy broker that was the largest share of a fetch cycle. Here at
 * most one commit is in flight per consumer; requests made meanwhile are served by a single
 * further commit of whatever is resolved by then, started no sooner than `minIntervalMs` after the
 * previous one: at low rates every small batch asked for its own commit, and each OffsetCommit
 * costs the broker a log append (what the Java client's auto.commit.interval.ms avoids).
 *
 * A commit lost to a rebalance or a crash only means those messages are delivered again, which
 * every handler already tolerates (inbox, per-key versions): offsets are still committed only
 * after their messages were handled or dead-lettered, never before. Pacing only widens that
 * window to at most one interval.
 */
export class BackgroundOffsetCommitter {
  private running: Promise<void> | undefined;
  private again = false;
  private urgent = false;
  private commit: CommitResolvedOffsets | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly onError: (error: unknown) => void,
    pacing: OffsetCommitPacing = { minIntervalMs: 0 },
  ) {
    this.minIntervalMs = pacing.minIntervalMs;
    this.now = pacing.now ?? (() => performance.now());
  }

  /** Commits soon (within the pacing interval), without waiting. */
  request(commit: CommitResolvedOffsets): void {
    this.commit = commit;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const wait = this.waitBeforeNext();
    if (wait > 0) this.schedule(wait);
    else this.start();
  }

  /** Commits now and waits until what was resolved before the call is committed (or failed). */
  async flush(commit: CommitResolvedOffsets): Promise<void> {
    this.commit = commit;
    this.cancelTimer();
    if (this.running) {
      this.again = true;
      this.urgent = true;
    } else {
      this.start();
    }
    await this.running;
  }

  private waitBeforeNext(): number {
    return this.lastStartedAt + this.minIntervalMs - this.now();
  }

  private schedule(waitMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.running) this.start();
    }, waitMs);
    // A pending commit must not keep a stopping process alive; stop() flushes first anyway.
    this.timer.unref();
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    this.running = this.drain();
  }

  private async drain(): Promise<void> {
    for (;;) {
      this.again = false;
      this.urgent = false;
      this.lastStartedAt = this.now();
      const commit = this.commit;
      try {
        if (commit) await commit();
      } catch (error) {
        this.onError(error);
      }
      if (!this.again) break;
      const wait = this.waitBeforeNext();
      if (!this.urgent && wait > 0) {
        this.schedule(wait);
        break;
      }
    }
    this.running = undefined;
  }
}
