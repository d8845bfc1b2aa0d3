import type { SmallBatchLinger } from './small-batch-linger';

/**
 * Our own small messaging interface. kafkajs sits behind it (kafkajs-*.ts) so a maintained
 * client can replace it without touching services.
 */
export interface OutgoingMessage {
  /**
   * Partition key: always the customer id for platform topics. `null` only to relay a record that
   * arrived without a key (dead-lettering a poison message keeps it exactly as it was).
   */
  key: string | null;
  /**
   * Serialised as JSON unless already a Buffer. `null` is sent as a Kafka null value (a tombstone
   * on compacted topics), not as the JSON text `null`.
   */
  value: unknown;
  headers?: Record<string, string>;
}

/** Messages for one topic; several of these go to the broker in one produce round trip. */
export interface TopicMessages {
  topic: string;
  messages: OutgoingMessage[];
}

export interface PublishOptions {
  /**
   * Keep the messages' own `traceparent`/`tracestate` instead of injecting the publish span's
   * context. For relays and dead-lettering, where the original trace must survive unchanged.
   */
  keepTraceHeaders?: boolean;
  /**
   * Producer lane, 0 to `lanes - 1` (default 0). Sends on one lane go one after the other through
   * one idempotent producer; different lanes run in parallel on producers of their own. Keep every
   * key on one lane, or two records of one key may be written out of order.
   */
  lane?: number;
}

export interface MessagePublisher {
  /** Producer lanes available to `PublishOptions.lane`; absent means one. */
  readonly lanes?: number;
  /**
   * Resolves only once every message was acknowledged by all in-sync replicas (acks=all).
   * Rejects with `BusUnavailableError` (code BUS_UNAVAILABLE) when the broker does not
   * acknowledge within the produce timeout; the messages may or may not have been written.
   */
  publish(topic: string, messages: OutgoingMessage[], options?: PublishOptions): Promise<void>;
}

/** A publisher that can also write to several topics in one produce round trip. */
export interface MultiTopicPublisher extends MessagePublisher {
  /** Same guarantees as `publish`. Not a transaction: after a failure some topics may hold their messages. */
  publishMany(batches: readonly TopicMessages[], options?: PublishOptions): Promise<void>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** Header values decoded as UTF-8; for a repeated header name the last value wins. */
  headers: Record<string, string>;
  /** Broker timestamp in ms since epoch. */
  timestamp: number;
}

/** What a handler may want to know about the delivery it is working on. */
export interface HandlerContext {
  /** 1 on the first try, counting in-process retries of this message (or batch). */
  attempt: number;
  /** Aborted when the consumer is stopping: long handlers should give up early (and throw). */
  signal: AbortSignal;
}

/**
 * Handles one message. Throw `InvalidInputError` (from @cip/contracts) for a poison message: it
 * goes to the dead-letter topic at once. Any other error is retried with backoff, then
 * dead-lettered. The offset is committed only after this resolves (or after dead-lettering).
 */
export type MessageHandler = (message: IncomingMessage, context: HandlerContext) => Promise<void>;

/**
 * The part of a batch's work a handler leaves to run after it returned (e.g. its durable writes),
 * so the consumer can fetch and start the next batch meanwhile. The bus runs completions one at a
 * time in the order their batches returned (consecutive mergeable ones possibly as one), retries
 * a failing one in place (with backoff, until it succeeds or the consumer stops; never skipping
 * it), and commits a batch's offsets only once its completion succeeded. `complete` must
 * therefore be safe to run more than once.
 */
export interface BatchCompletion {
  complete(): Promise<void>;
  /**
   * Lets the bus run this completion together with the ones queued right behind it that share
   * its merger, as one completion (`CompletionMerger.combine`): e.g. one transaction instead of
   * several. The merged completion is retried as a whole, and its parts succeed or fail together.
   */
  mergeable?: MergeablePart;
}

/** One completion's work as a merger knows it. */
export interface MergeablePart<Part = unknown> {
  merger: CompletionMerger<Part>;
  part: Part;
}

/** Combines consecutive completions' work, in queue order, into one completion. */
export interface CompletionMerger<Part> {
  /** Whether `next` may join `parts` (e.g. a bound on the size of one transaction); never throws. */
  fits(parts: readonly Part[], next: Part): boolean;
  /** One completion doing every part's work in order; safe to run more than once. */
  combine(parts: readonly Part[]): BatchCompletion;
  /**
   * How long a run of this merger's completions waits for more to join, counted from the start
   * of its previous run (default 0: it runs as soon as its turn comes), so that under steady
   * load one run takes several batches: fewer, larger transactions. The wait ends early once
   * half of the consumer's room for completions is taken, when it stops or rebalances, so
   * gathering never holds the next fetch back.
   */
  gatherMs?: number;
}

/**
 * Handles a batch from one partition (or several, coalesced), in offset order. Return normally
 * to mark every message done, or return a `BatchCompletion` for work that may finish later. For
 * per-message failure semantics use `MessageHandler`.
 */
export type BatchHandler = (
  messages: IncomingMessage[],
  context: HandlerContext,
) => Promise<void | BatchCompletion>;

export interface ConsumerSpec {
  /** Full group id (the caller applies the environment prefix). */
  groupId: string;
  topics: string[];
  /**
   * Where a group with no committed offset starts. Defaults to true (earliest): a new group, or
   * one whose first message was never committed, must not skip records written before it joined.
   */
  fromBeginning?: boolean;
  /** Per-message handler; with `batchHandler` it is the fallback for a batch that keeps failing. */
  handler?: MessageHandler;
  batchHandler?: BatchHandler;
  /** Partitions processed in parallel by this instance (order is kept within a partition). */
  partitionsConsumedConcurrently?: number;
  /**
   * Hand the partition batches that arrive together (one fetch, several partitions) to
   * `batchHandler` as one call, so their round trips are paid once. Only for handlers whose work
   * is per key and that accept messages of several partitions at once; see BatchCoalescer.
   */
  coalescePartitionBatches?: boolean;
  /**
   * Upper bound of one fetch per partition, hence of a batch: keeps a batch handler's work (and
   * the time between heartbeats) bounded after a backlog. Defaults to kafkajs' 1 MiB.
   */
  maxBytesPerPartition?: number;
  /**
   * After a call of fewer messages than `belowMessages` (after coalescing), the next fetch waits
   * `waitMs`, so that at low rates a call carries several messages; see lingerOnSmallBatches.
   */
  lingerOnSmallBatches?: SmallBatchLinger;
}

export interface RunningConsumer {
  readonly groupId: string;
  /** Stops fetching, lets the in-flight batch finish, commits, leaves the group. */
  stop(): Promise<void>;
}

export interface MessageConsumerFactory {
  start(spec: ConsumerSpec): Promise<RunningConsumer>;
}

export interface BusHealth {
  /** Throws when the cluster does not answer. */
  check(): Promise<void>;
}

export interface TopicSpec {
  name: string;
  /** Defaults to DEFAULT_PARTITIONS from @cip/contracts. */
  partitions?: number;
  /** Defaults to the broker's default.replication.factor. */
  replicationFactor?: number;
  /** cleanup.policy=compact: the topic keeps the latest value per key. */
  compacted?: boolean;
}

export interface TopicAdmin {
  /** Creates the topics that do not exist yet; returns the names it created. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<string[]>;
  deleteTopics(names: readonly string[]): Promise<void>;
}
