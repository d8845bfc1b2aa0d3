import type { Consumer, EachBatchPayload, Kafka, OffsetsByTopicPartition } from 'kafkajs';
import {
  BackgroundOffsetCommitter,
  type CommitResolvedOffsets,
} from './background-offset-committer';
import { BatchCompletionQueue } from './batch-completion.queue';
import type { BusLogger } from './bus-logger';
import { BusUnavailableError } from './bus-unavailable.error';
import { ConsumerRelauncher } from './consumer-relauncher';
import { buildDeadLetterRecord, type DeadLetterFailure } from './dead-letter-headers.builder';
import { errorCodeOf, errorReasonOf } from './error-summary';
import { toIncomingMessage } from './incoming-message.mapper';
import type {
  ConsumerSpec,
  IncomingMessage,
  MessageConsumerFactory,
  MessagePublisher,
  RunningConsumer,
} from './message-bus';
import { PartitionBatchProcessor } from './partition-batch.processor';
import { composeBatchHandler } from './compose-batch-handler';

export interface KafkajsConsumerFactoryOptions {
  kafka: Kafka;
  /** Where dead-letters go (the service's own publisher: acks=all, idempotent). */
  publisher: MessagePublisher;
  logger: BusLogger;
  maxHandlerAttempts: number;
  retryBackoffMs: number;
  maxBackoffMs?: number;
  /**
   * Broker long-poll wait. Also how long stop() may wait for an idle fetch to return, so it stays
   * short (kafkajs' default is 5 s).
   */
  maxWaitTimeInMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Least time between two offset commits of one consumer (see BackgroundOffsetCommitter). */
  commitIntervalMs?: number;
  /** Injected clock for the dead-letter timestamp. */
  now?: () => Date;
}

const DEFAULT_MAX_WAIT_MS = 1_000;
const DEFAULT_SESSION_TIMEOUT_MS = 30_000;
const DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;
/**
 * Batch completions queued or running before the next batch waits. Completions run one at a
 * time, so those queued behind a slow one merge into one run where they can (`mergeable`); a
 * store slower than that still holds the fetch loop back after a few batches.
 */
const MAX_OUTSTANDING_COMPLETIONS = 8;
/** How long one wait for a completion slot lasts before the consumer heartbeats. */
const COMPLETION_WAIT_SLICE_MS = 500;

/**
 * Starts kafkajs consumers that commit an offset only after its message was handled or
 * dead-lettered (eachBatch, manual resolve, background commit of resolved offsets only). Keeps
 * track of what it started so shutdown can stop everything.
 */
export class KafkajsConsumerFactory implements MessageConsumerFactory {
  private readonly running = new Set<KafkajsRunningConsumer>();

  constructor(private readonly options: KafkajsConsumerFactoryOptions) {}

  async start(spec: ConsumerSpec): Promise<RunningConsumer> {
    const { logger } = this.options;
    const abort = new AbortController();
    const processor = new PartitionBatchProcessor({
      groupId: spec.groupId,
      handler: spec.handler,
      batchHandler: composeBatchHandler(spec),
      maxAttempts: this.options.maxHandlerAttempts,
      retryBackoffMs: this.options.retryBackoffMs,
      maxBackoffMs: this.options.maxBackoffMs,
      deadLetter: (message, failure) => this.deadLetter(message, failure),
      logger,
      now: this.options.now ?? (() => new Date()),
    });

    const consumer = this.options.kafka.consumer({
      groupId: spec.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? DEFAULT_MAX_WAIT_MS,
      sessionTimeout: this.options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
      ...(spec.maxBytesPerPartition ? { maxBytesPerPartition: spec.maxBytesPerPartition } : {}),
      retry: {
        // Batch-level retries (e.g. a dead-letter that could not be written): about 15 s, then a
        // crash and restart, so a consumer in trouble shows up in the logs without spinning.
        initialRetryTime: 500,
        retries: 5,
        maxRetryTime: 30_000,
        // kafkajs asks only for retriable failures (broker gone, coordinator moved, a batch that
        // threw repeatedly because a dead-letter could not be written). A consumer that silently
        // stays down is worse than one that keeps trying and logging, so always restart.
        restartOnFailure: async (error: Error) => {
          logger.error(
            { groupId: spec.groupId, errorCode: errorCodeOf(error), reason: errorReasonOf(error) },
            'kafka consumer failed; restarting',
          );
          return true;
        },
      },
    });
    const committer = new BackgroundOffsetCommitter(
      (error) =>
        logger.warn(
          { groupId: spec.groupId, errorCode: errorCodeOf(error), reason: errorReasonOf(error) },
          'offset commit failed; a later commit covers it, or the messages are delivered again',
        ),
      { minIntervalMs: this.options.commitIntervalMs ?? 0 },
    );
    const completions = new BatchCompletionQueue({
      retryBackoffMs: this.options.retryBackoffMs,
      maxBackoffMs: this.options.maxBackoffMs,
      maxOutstanding: MAX_OUTSTANDING_COMPLETIONS,
      signal: abort.signal,
      onRetry: ({ error, attempt, delayMs }) =>
        logger.warn(
          {
            groupId: spec.groupId,
            attempt,
            delayMs,
            errorCode: errorCodeOf(error),
            reason: errorReasonOf(error),
          },
          'batch completion failed; retrying it before any later one (its offsets stay uncommitted)',
        ),
    });
    const cycle: ConsumerCycle = { committer, completions, latestCommit: undefined };
    const launch = async (): Promise<void> => {
      await consumer.connect();
      await consumer.subscribe({ topics: spec.topics, fromBeginning: spec.fromBeginning ?? true });
      await consumer.run({
        // Committed by BackgroundOffsetCommitter, off the fetch loop (see there).
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: spec.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.eachBatch(processor, cycle, payload, abort.signal),
      });
    };
    const relauncher = new ConsumerRelauncher({
      groupId: spec.groupId,
      launch,
      signal: abort.signal,
      logger,
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) relauncher.crashed(payload.error);
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      relauncher.joined();
      logger.info(
        { groupId: spec.groupId, memberAssignment: payload.memberAssignment },
        'joined consumer group',
      );
    });

    try {
      await launch();
    } catch (error) {
      abort.abort(); // the caller gets the error; nothing may relaunch this consumer
      await consumer.disconnect().catch(() => undefined);
      throw new BusUnavailableError(
        `could not start consumer ${spec.groupId}: ${errorReasonOf(error)}`,
        {
          cause: error,
          details: { groupId: spec.groupId, topics: spec.topics },
        },
      );
    }

    const running = new KafkajsRunningConsumer(spec.groupId, consumer, cycle, abort, () =>
      this.running.delete(running),
    );
    this.running.add(running);
    logger.info({ groupId: spec.groupId, topics: spec.topics }, 'kafka consumer started');
    return running;
  }

  /** Stops every consumer this factory started; in-flight batches finish and commit first. */
  async stopAll(): Promise<void> {
    const results = await Promise.allSettled([...this.running].map((consumer) => consumer.stop()));
    for (const result of results) {
      if (result.status === 'rejected') {
        this.options.logger.error(
          { reason: errorReasonOf(result.reason) },
          'kafka consumer did not stop cleanly',
        );
      }
    }
  }

  private async eachBatch(
    processor: PartitionBatchProcessor,
    cycle: ConsumerCycle,
    payload: EachBatchPayload,
    signal: AbortSignal,
  ): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    const { committer, completions } = cycle;
    const isActive = () => isRunning() && !isStale() && !signal.aborted;
    // Resolved offsets, each partition held below its batches whose completion is outstanding.
    const commit = () =>
      payload.commitOffsetsIfNecessary(completions.capped(payload.uncommittedOffsets()));
    cycle.latestCommit = commit;
    try {
      while (isActive() && !(await completions.waitForRoom(COMPLETION_WAIT_SLICE_MS))) {
        await payload.heartbeat();
      }
      const next = nextUnresolvedOffset(payload.uncommittedOffsets(), batch.topic, batch.partition);
      const messages = batch.messages
        .filter((message) => next === undefined || BigInt(message.offset) >= next)
        .map((message) => toIncomingMessage(batch.topic, batch.partition, message));
      await processor.process(messages, {
        resolveOffset: payload.resolveOffset,
        completeLater: (firstOffset, completion) => {
          void completions
            .add(batch.topic, batch.partition, firstOffset, completion)
            .then((succeeded) => succeeded && committer.request(commit));
        },
        heartbeat: payload.heartbeat,
        isActive,
        signal,
      });
    } finally {
      // Stopping: kafkajs leaves the group once this batch returns, so commit before that.
      if (isRunning() && !signal.aborted) committer.request(commit);
      else {
        await completions.settled();
        await committer.flush(commit);
      }
    }
  }

  /**
   * A failed dead-letter publish propagates: what was resolved is committed, kafkajs fetches the
   * message again and retries, so the message is never lost for want of a dead-letter topic.
   */
  private async deadLetter(message: IncomingMessage, failure: DeadLetterFailure): Promise<void> {
    const record = buildDeadLetterRecord(message, failure);
    const fields = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      groupId: failure.groupId,
      deadLetterTopic: record.topic,
      attempts: failure.attempts,
      errorCode: errorCodeOf(failure.error),
    };
    try {
      await this.options.publisher.publish(record.topic, record.messages, {
        keepTraceHeaders: true,
      });
    } catch (error) {
      this.options.logger.error(
        { ...fields, reason: errorReasonOf(error) },
        'dead-letter publish failed; message will be redelivered',
      );
      throw error;
    }
    this.options.logger.warn(
      { ...fields, reason: errorReasonOf(failure.error) },
      'message dead-lettered',
    );
  }
}

/**
 * Offsets kafkajs already holds as resolved (not yet committed) for this partition: a message
 * below it was done before, e.g. when a batch is handed over again after an error.
 */
function nextUnresolvedOffset(
  offsets: OffsetsByTopicPartition,
  topic: string,
  partition: number,
): bigint | undefined {
  const entry = offsets.topics
    .find((candidate) => candidate.topic === topic)
    ?.partitions.find((candidate) => Number(candidate.partition) === partition);
  return entry ? BigInt(entry.offset) : undefined;
}

/** What one started consumer's batches share: its commits and its queue of completions. */
interface ConsumerCycle {
  committer: BackgroundOffsetCommitter;
  completions: BatchCompletionQueue;
  /** The commit of the latest batch's payload, for completions that end between batches. */
  latestCommit: CommitResolvedOffsets | undefined;
}

class KafkajsRunningConsumer implements RunningConsumer {
  private stopping: Promise<void> | undefined;

  constructor(
    readonly groupId: string,
    private readonly consumer: Consumer,
    private readonly cycle: ConsumerCycle,
    private readonly abort: AbortController,
    private readonly onStopped: () => void,
  ) {}

  /**
   * Aborting first wakes handlers and backoff waits; queued batch completions get their last
   * attempt and what they finished is committed; kafkajs' stop() then waits for the batch in
   * flight (which commits its resolved offsets before returning) and leaves the group;
   * disconnect closes the sockets.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.abort.abort();
      try {
        const { committer, completions, latestCommit } = this.cycle;
        await completions.settled();
        if (latestCommit) await committer.flush(latestCommit);
        await this.consumer.stop();
      } finally {
        await this.consumer.disconnect();
        this.onStopped();
      }
    })();
    return this.stopping;
  }
}
