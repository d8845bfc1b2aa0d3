import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import { InvalidInputError } from '@cip/contracts';
import type { BusLogger } from './bus-logger';
import type { DeadLetterFailure } from './dead-letter-headers.builder';
import { errorCodeOf, errorReasonOf } from './error-summary';
import type { BatchCompletion, BatchHandler, IncomingMessage, MessageHandler } from './message-bus';
import { headerGetter } from './message-headers.mapper';
import {
  MESSAGING_ATTRIBUTES,
  MESSAGING_SYSTEM_KAFKA,
  TRACER_NAME,
} from './messaging-span.attributes';
import { backoffDelayMs, waitInterruptibly } from './retry-backoff.policy';

/** What the processor may do with the partition it is working on (kafkajs' eachBatch tools). */
export interface BatchControl {
  /** Marks a message done; only resolved offsets are ever committed. */
  resolveOffset(offset: string): void;
  /**
   * The batch from `firstOffset` on is done once `completion` succeeds: its offsets may be
   * resolved (the fetch moves on) but must not be committed before that.
   */
  completeLater(firstOffset: string, completion: BatchCompletion): void;
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the partition was revoked / seeked. */
  isActive(): boolean;
  /** Aborted when the consumer is stopping; passed on to handlers. */
  signal: AbortSignal;
}

export interface PartitionBatchProcessorSettings {
  groupId: string;
  handler?: MessageHandler;
  batchHandler?: BatchHandler;
  maxAttempts: number;
  retryBackoffMs: number;
  maxBackoffMs?: number;
  /** Publishes the message to its dead-letter topic; throws if that failed. */
  deadLetter(message: IncomingMessage, failure: DeadLetterFailure): Promise<void>;
  logger: BusLogger;
  now(): Date;
}

type HandlerOutcome =
  | { kind: 'handled' }
  | { kind: 'failed'; error: unknown; attempts: number }
  /** Stopping or partition lost: leave the message unresolved for whoever owns it next. */
  | { kind: 'interrupted' };

/**
 * Works through one partition's batch, in offset order, with the failure policy of the bus:
 * a poison message (InvalidInputError) is dead-lettered at once, other failures are retried
 * in-process with exponential backoff and dead-lettered after `maxAttempts`. A message's offset is
 * resolved only once it was handled or safely dead-lettered, so nothing is lost: an interrupted or
 * undeliverable message is fetched again (by us or the partition's next owner).
 */
export class PartitionBatchProcessor {
  private readonly tracer = trace.getTracer(TRACER_NAME);

  constructor(private readonly settings: PartitionBatchProcessorSettings) {
    if (!settings.handler && !settings.batchHandler) {
      throw new InvalidInputError(
        'CONSUMER_WITHOUT_HANDLER',
        'a consumer needs a handler or a batchHandler',
      );
    }
  }

  async process(messages: IncomingMessage[], control: BatchControl): Promise<void> {
    if (messages.length === 0) return;
    if (this.settings.batchHandler) {
      await this.processAsBatch(this.settings.batchHandler, messages, control);
    } else {
      await this.processEach(messages, control);
    }
  }

  private async processEach(messages: IncomingMessage[], control: BatchControl): Promise<void> {
    for (const message of messages) {
      if (!control.isActive()) return;
      const resolved = await this.processMessage(message, control);
      if (!resolved) return;
      control.resolveOffset(message.offset);
      await control.heartbeat();
    }
  }

  /** True when the message is done (handled or dead-lettered) and its offset may be resolved. */
  private async processMessage(message: IncomingMessage, control: BatchControl): Promise<boolean> {
    // The producer's context is the parent: one trace from the HTTP request to every consumer.
    const parent = propagation.extract(ROOT_CONTEXT, message.headers, headerGetter);
    const span = this.tracer.startSpan(
      `process ${message.topic}`,
      { kind: SpanKind.CONSUMER, attributes: this.messageAttributes(message) },
      parent,
    );
    const spanContext = trace.setSpan(parent, span);
    try {
      const outcome = await this.runHandler(message, control, span, spanContext);
      switch (outcome.kind) {
        case 'handled':
          return true;
        case 'interrupted':
          span.addEvent('interrupted: left unresolved for redelivery');
          return false;
        case 'failed':
          markFailed(span, outcome.error);
          // Inside the span, so the dead-letter publish shows up as its child.
          await context.with(spanContext, () =>
            this.settings.deadLetter(message, {
              error: outcome.error,
              attempts: outcome.attempts,
              groupId: this.settings.groupId,
              failedAt: this.settings.now(),
            }),
          );
          return true;
        default:
          return assertNever(outcome);
      }
    } finally {
      span.end();
    }
  }

  private async runHandler(
    message: IncomingMessage,
    control: BatchControl,
    span: Span,
    spanContext: Context,
  ): Promise<HandlerOutcome> {
    const handler = this.settings.handler;
    if (!handler) throw new InvalidInputError('CONSUMER_WITHOUT_HANDLER', 'no per-message handler');
    for (let attempt = 1; ; attempt += 1) {
      span.setAttribute(MESSAGING_ATTRIBUTES.attempts, attempt);
      try {
        await context.with(spanContext, () =>
          handler(message, { attempt, signal: control.signal }),
        );
        return { kind: 'handled' };
      } catch (error) {
        if (error instanceof InvalidInputError) return { kind: 'failed', error, attempts: attempt };
        // A failure while stopping is most likely the stop itself; the next owner retries it.
        if (!control.isActive()) return { kind: 'interrupted' };
        if (attempt >= this.settings.maxAttempts)
          return { kind: 'failed', error, attempts: attempt };
        const delayMs = this.backoff(attempt);
        span.addEvent('retry', { attempt, delayMs, errorCode: errorCodeOf(error) });
        this.settings.logger.warn(
          {
            ...locationOf(message),
            groupId: this.settings.groupId,
            attempt,
            delayMs,
            errorCode: errorCodeOf(error),
            reason: errorReasonOf(error),
          },
          'message handler failed; retrying',
        );
        if (!(await waitInterruptibly(delayMs, control))) return { kind: 'interrupted' };
      }
    }
  }

  /**
   * The batch handler gets every message at once. On failure the whole batch is retried with
   * backoff; after `maxAttempts` (or at once for a poison message) it falls back to per-message
   * handling so only the bad message is dead-lettered. Without a per-message handler there is no
   * way to single out the bad message, so the batch is retried forever rather than dropped.
   */
  private async processAsBatch(
    batchHandler: BatchHandler,
    messages: IncomingMessage[],
    control: BatchControl,
  ): Promise<void> {
    const first = messages[0];
    const last = messages[messages.length - 1];
    if (!first || !last) return;
    // A batch has many parents; OpenTelemetry models that as links from one batch span.
    const links = messages.flatMap((message): Link[] => {
      const parent = trace.getSpanContext(
        propagation.extract(ROOT_CONTEXT, message.headers, headerGetter),
      );
      return parent && isSpanContextValid(parent) ? [{ context: parent }] : [];
    });

    for (let attempt = 1; ; attempt += 1) {
      if (!control.isActive()) return;
      const span = this.tracer.startSpan(
        `process ${first.topic}`,
        {
          kind: SpanKind.CONSUMER,
          links,
          attributes: {
            ...this.messageAttributes(first),
            [MESSAGING_ATTRIBUTES.batchCount]: messages.length,
            [MESSAGING_ATTRIBUTES.attempts]: attempt,
          },
        },
        ROOT_CONTEXT,
      );
      let failure: unknown;
      try {
        const completion = await context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
          batchHandler(messages, { attempt, signal: control.signal }),
        );
        if (completion) control.completeLater(first.offset, completion);
        control.resolveOffset(last.offset);
        return;
      } catch (error) {
        markFailed(span, error);
        failure = error;
      } finally {
        span.end();
      }

      if (!control.isActive()) return;
      const fields = {
        topic: first.topic,
        partition: first.partition,
        firstOffset: first.offset,
        lastOffset: last.offset,
        groupId: this.settings.groupId,
        attempt,
        errorCode: errorCodeOf(failure),
        reason: errorReasonOf(failure),
      };
      const exhausted = attempt >= this.settings.maxAttempts;
      if (this.settings.handler && (exhausted || failure instanceof InvalidInputError)) {
        this.settings.logger.warn(
          fields,
          'batch handler failed; handling the batch message by message',
        );
        await this.processEach(messages, control);
        return;
      }
      if (exhausted) {
        this.settings.logger.error(
          fields,
          'batch handler keeps failing; retrying (a batch is never dropped)',
        );
      } else {
        this.settings.logger.warn(fields, 'batch handler failed; retrying');
      }
      if (!(await waitInterruptibly(this.backoff(attempt), control))) return;
    }
  }

  private backoff(failedAttempts: number): number {
    return backoffDelayMs(failedAttempts, this.settings.retryBackoffMs, this.settings.maxBackoffMs);
  }

  private messageAttributes(message: IncomingMessage): Attributes {
    return {
      [MESSAGING_ATTRIBUTES.system]: MESSAGING_SYSTEM_KAFKA,
      [MESSAGING_ATTRIBUTES.operationType]: 'process',
      [MESSAGING_ATTRIBUTES.operationName]: 'process',
      [MESSAGING_ATTRIBUTES.destination]: message.topic,
      [MESSAGING_ATTRIBUTES.partition]: String(message.partition),
      [MESSAGING_ATTRIBUTES.consumerGroup]: this.settings.groupId,
      [MESSAGING_ATTRIBUTES.offset]: Number(message.offset),
    };
  }
}

function locationOf(message: IncomingMessage): {
  topic: string;
  partition: number;
  offset: string;
} {
  return { topic: message.topic, partition: message.partition, offset: message.offset };
}

function markFailed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorReasonOf(error) });
}

function assertNever(value: never): never {
  throw new TypeError(`unexpected handler outcome ${JSON.stringify(value)}`);
}
