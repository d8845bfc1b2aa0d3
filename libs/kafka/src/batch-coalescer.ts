import type { BatchCompletion, BatchHandler, HandlerContext, IncomingMessage } from './message-bus';

/** Most messages one coalesced call may carry; more arriving together make several calls. */
export const DEFAULT_MAX_COALESCED_MESSAGES = 5_000;

interface PendingBatch {
  messages: IncomingMessage[];
  context: HandlerContext;
  resolve(completion: void | BatchCompletion): void;
  reject(error: unknown): void;
}

/**
 * Merges the batch-handler calls that arrive in the same turn of the event loop into one call.
 * kafkajs hands a fetch's partition batches to its workers all at once, so with N partitions
 * consumed concurrently the handler would otherwise run N times side by side, each paying the
 * same reads, produce and transaction round trips on a busy machine; merged, they are paid once.
 * Each partition's messages stay contiguous and in offset order.
 *
 * A merged call that fails is not the verdict for its parts: each batch then runs again on its
 * own and gets its own outcome, so a poison message or a failing key affects only its batch, and
 * the per-partition retry and dead-letter policy applies as before. The handler must therefore
 * be safe to run again on messages of a failed call (the bus already assumes it: redelivery).
 */
export class BatchCoalescer {
  private pending: PendingBatch[] = [];
  private scheduled = false;

  constructor(
    private readonly handler: BatchHandler,
    private readonly maxMessages = DEFAULT_MAX_COALESCED_MESSAGES,
  ) {}

  readonly handle: BatchHandler = (messages, context) =>
    new Promise<void | BatchCompletion>((resolve, reject) => {
      this.pending.push({ messages, context, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the current turn: every worker kafkajs started for this fetch has called in by then.
      setImmediate(() => this.flush());
    });

  private flush(): void {
    this.scheduled = false;
    const arrived = this.pending;
    this.pending = [];
    for (const group of groupsOf(arrived, this.maxMessages)) void this.run(group);
  }

  private async run(group: readonly PendingBatch[]): Promise<void> {
    const [first] = group;
    if (!first) return;
    if (group.length === 1) return this.runAlone(first);
    let completion: void | BatchCompletion;
    try {
      completion = await this.handler(
        group.flatMap((batch) => batch.messages),
        first.context,
      );
    } catch {
      await Promise.all(group.map((batch) => this.runAlone(batch)));
      return;
    }
    // Every part is done only when the merged work is: each gets the one completion, run once.
    const shared = completion ? sharedCompletion(completion) : undefined;
    for (const batch of group) batch.resolve(shared);
  }

  private async runAlone(batch: PendingBatch): Promise<void> {
    try {
      batch.resolve(await this.handler(batch.messages, batch.context));
    } catch (error) {
      batch.reject(error);
    }
  }
}

/**
 * A completion several parts share: the first call runs it, the others get the same outcome while
 * it runs or once it succeeded; after a failure the next call (a retry) runs it again. It merges
 * as the completion it wraps.
 */
function sharedCompletion(completion: BatchCompletion): BatchCompletion {
  let running: Promise<void> | undefined;
  return {
    ...(completion.mergeable ? { mergeable: completion.mergeable } : {}),
    complete: () => {
      running ??= completion.complete().catch((error: unknown) => {
        running = undefined;
        throw error;
      });
      return running;
    },
  };
}

/** Consecutive batches, each group at most `maxMessages` (a bigger batch goes alone). */
function groupsOf(batches: readonly PendingBatch[], maxMessages: number): PendingBatch[][] {
  const groups: PendingBatch[][] = [];
  let current: PendingBatch[] = [];
  let size = 0;
  for (const batch of batches) {
    if (current.length > 0 && size + batch.messages.length > maxMessages) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(batch);
    size += batch.messages.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
