import type { OffsetsByTopicPartition } from 'kafkajs';
import type { BatchCompletion } from './message-bus';
import { backoffDelayMs, sleep } from './retry-backoff.policy';

export interface BatchCompletionQueueOptions {
  retryBackoffMs: number;
  maxBackoffMs?: number | undefined;
  /** Distinct completions queued or running at which `waitForRoom` holds the next batch back. */
  maxOutstanding: number;
  /** Aborted when the consumer stops: a failing completion is then given up, not retried. */
  signal: AbortSignal;
  onRetry(details: { error: unknown; attempt: number; delayMs: number }): void;
}

interface PendingBatch {
  topic: string;
  partition: number;
  /** The batch's first offset: nothing from here on may be committed before it completed. */
  firstOffset: bigint;
}

/** A completion waiting its turn or running, with the outcome its batches wait for. */
interface QueuedCompletion {
  completion: BatchCompletion;
  done: Promise<boolean>;
  settle(succeeded: boolean): void;
}

/**
 * Runs the completions batch handlers leave behind (`BatchCompletion`) one at a time, in the
 * order their batches returned, so their effects land in the order the batches were handled.
 * Consecutive waiting completions that share a merger run as one (`BatchCompletion.mergeable`):
 * a slow store then pays one round of writes for every batch that queued up behind it, and a
 * merger with `gatherMs` waits that long for more to queue up. A failing
 * completion is retried in place, holding back every later one, until it succeeds or the
 * consumer stops; after a completion was given up no later one runs (the next owner of the
 * partition redoes them in order). Offsets are capped below every batch whose completion has not
 * succeeded, so a commit never covers work that is not done.
 */
export class BatchCompletionQueue {
  private readonly waiting: QueuedCompletion[] = [];
  private draining = false;
  private readonly pending = new Set<PendingBatch>();
  /** Completions queued or running, by identity. */
  private readonly queued = new Map<BatchCompletion, QueuedCompletion>();
  private givenUp = false;
  private roomWaiters: Array<() => void> = [];
  /** When each merger's last run started, for `CompletionMerger.gatherMs`. */
  private readonly runStartedAt = new Map<unknown, number>();
  /** Ends the current gathering wait early (set while one is under way). */
  private endGathering: (() => void) | undefined;
  /** `settled()` calls under way: everything queued is wanted now, so nothing gathers. */
  private settling = 0;

  constructor(private readonly options: BatchCompletionQueueOptions) {}

  /**
   * Queues a completion for the batch from `firstOffset` of a partition; resolves true once it
   * succeeded, false if it was given up or skipped. The parts of one coalesced call hand in the
   * same completion: it is queued (and counted) once, and every part waits for it.
   */
  add(
    topic: string,
    partition: number,
    firstOffset: string,
    completion: BatchCompletion,
  ): Promise<boolean> {
    const batch: PendingBatch = { topic, partition, firstOffset: BigInt(firstOffset) };
    this.pending.add(batch);
    let queued = this.queued.get(completion);
    if (queued === undefined) {
      let settle!: (succeeded: boolean) => void;
      const done = new Promise<boolean>((resolve) => (settle = resolve));
      queued = { completion, done, settle };
      this.queued.set(completion, queued);
      this.waiting.push(queued);
      if (this.gatheringIsOver()) this.endGathering?.();
      if (!this.draining) {
        this.draining = true;
        // As before a queue of promises: the first completion starts after the caller's turn.
        void Promise.resolve().then(() => this.drain());
      }
    }
    return queued.done.then((succeeded) => {
      // A batch that did not complete stays pending: its offsets must never be committed here.
      if (succeeded) this.pending.delete(batch);
      return succeeded;
    });
  }

  /** `resolved` with each partition's offset lowered to its earliest batch not yet completed. */
  capped(resolved: OffsetsByTopicPartition): OffsetsByTopicPartition {
    if (this.pending.size === 0) return resolved;
    return {
      topics: resolved.topics.map(({ topic, partitions }) => ({
        topic,
        partitions: partitions.map(({ partition, offset }) => {
          let next = BigInt(offset);
          for (const batch of this.pending) {
            if (batch.topic === topic && batch.partition === Number(partition)) {
              if (batch.firstOffset < next) next = batch.firstOffset;
            }
          }
          return { partition, offset: next.toString() };
        }),
      })),
    };
  }

  /**
   * Resolves true as soon as fewer than `maxOutstanding` completions are queued or running,
   * false if that did not happen within `timeoutMs` (the caller heartbeats and asks again).
   */
  waitForRoom(timeoutMs: number): Promise<boolean> {
    if (this.queued.size < this.options.maxOutstanding) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.roomWaiters = this.roomWaiters.filter((waiter) => waiter !== wake);
        resolve(false);
      }, timeoutMs);
      this.roomWaiters.push(wake);
    });
  }

  /** Settles once every completion queued so far has succeeded or been given up. */
  async settled(): Promise<void> {
    this.settling += 1;
    this.endGathering?.();
    try {
      await Promise.all([...this.queued.values()].map((queued) => queued.done));
    } finally {
      this.settling -= 1;
    }
  }

  /** Runs what waits, oldest first, each run taking the mergeable completions behind it too. */
  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        await this.gather();
        const { group, completion } = this.takeGroup();
        const succeeded = await this.run(completion);
        for (const queued of group) {
          this.queued.delete(queued.completion);
          queued.settle(succeeded);
        }
        this.wakeRoomWaiters();
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Lets the completions arriving within the head's `gatherMs` (from its merger's previous run)
   * join its run, unless gathering is over (`gatheringIsOver`).
   */
  private async gather(): Promise<void> {
    const merger = this.waiting[0]!.completion.mergeable?.merger;
    const gatherMs = merger?.gatherMs ?? 0;
    // Mergers that do not gather (the default) cost the drain loop nothing here.
    if (merger === undefined || gatherMs <= 0) return;
    const waitMs = (this.runStartedAt.get(merger) ?? 0) + gatherMs - Date.now();
    if (waitMs > 0 && !this.gatheringIsOver()) {
      await new Promise<void>((resolve) => {
        const end = (): void => {
          clearTimeout(timer);
          this.options.signal.removeEventListener('abort', end);
          this.endGathering = undefined;
          resolve();
        };
        const timer = setTimeout(end, waitMs);
        this.options.signal.addEventListener('abort', end);
        this.endGathering = end;
      });
    }
    this.runStartedAt.set(merger, Date.now());
  }

  /** Half the room taken, stopping or settling: what waits runs now. */
  private gatheringIsOver(): boolean {
    return (
      this.waiting.length >= this.options.maxOutstanding / 2 ||
      this.settling > 0 ||
      this.options.signal.aborted
    );
  }

  /**
   * The oldest waiting completion and the consecutive ones its merger takes with it, and what
   * runs for them: the completion itself when alone, else the merger's combination of their
   * parts, combined at each attempt (a merger that throws fails the attempt, not the queue).
   */
  private takeGroup(): { group: QueuedCompletion[]; completion: BatchCompletion } {
    const first = this.waiting[0]!.completion;
    const mergeable = first.mergeable;
    if (mergeable === undefined) return { group: this.waiting.splice(0, 1), completion: first };
    const { merger } = mergeable;
    const parts = [mergeable.part];
    for (const { completion } of this.waiting.slice(1)) {
      const next = completion.mergeable;
      if (next?.merger !== merger || !merger.fits(parts, next.part)) break;
      parts.push(next.part);
    }
    const group = this.waiting.splice(0, parts.length);
    if (group.length === 1) return { group, completion: first };
    return { group, completion: { complete: () => merger.combine(parts).complete() } };
  }

  private async run(completion: BatchCompletion): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      // After a completion was given up, later ones must not land before it is redone.
      if (this.givenUp) return false;
      try {
        await completion.complete();
        return true;
      } catch (error) {
        // Stopping: no more retries, as for a batch handler; the next owner does the rest.
        if (this.options.signal.aborted) {
          this.givenUp = true;
          return false;
        }
        const delayMs = backoffDelayMs(
          attempt,
          this.options.retryBackoffMs,
          this.options.maxBackoffMs,
        );
        this.options.onRetry({ error, attempt, delayMs });
        await sleep(delayMs, this.options.signal);
      }
    }
  }

  private wakeRoomWaiters(): void {
    if (this.queued.size >= this.options.maxOutstanding) return;
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }
}
