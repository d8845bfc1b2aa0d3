import {
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Span,
} from '@opentelemetry/api';
import type { Message, Producer, ProducerBatch } from 'kafkajs';
import type { BusLogger } from './bus-logger';
import { BusUnavailableError } from './bus-unavailable.error';
import { errorReasonOf } from './error-summary';
import { headerSetter } from './message-headers.mapper';
import { encodeMessageValue } from './message-value.codec';
import type {
  MultiTopicPublisher,
  OutgoingMessage,
  PublishOptions,
  TopicMessages,
} from './message-bus';
import {
  MESSAGING_ATTRIBUTES,
  MESSAGING_SYSTEM_KAFKA,
  TRACER_NAME,
} from './messaging-span.attributes';
import { ProducerGeneration } from './producer-generation';
import { withTimeout } from '@cip/async';

export interface KafkajsPublisherOptions {
  /** Builds a new, unconnected idempotent producer (see kafka-client.factory.ts for its settings). */
  createProducer: () => Producer;
  /** Longest a publish may take, queueing and broker acknowledgement included. */
  produceTimeoutMs: number;
  logger: BusLogger;
  /**
   * Producers that may send at once, one per lane (default 1). Lane 0 connects at `connect()`,
   * the others on first use, so a service that never picks a lane runs one producer.
   */
  lanes?: number;
}

/** acks=all: the write survives the loss of any in-sync replica but the last. */
const ACKS_ALL = -1;

/**
 * `MessagePublisher` over kafkajs. A publish resolves after the broker acknowledged every message
 * (acks=all, idempotent producer) and rejects with `BusUnavailableError` when Kafka is down or does
 * not answer within `produceTimeoutMs`, so an HTTP edge can answer 503.
 */
export class KafkajsPublisher implements MultiTopicPublisher {
  private readonly tracer = trace.getTracer(TRACER_NAME);
  readonly lanes: number;
  /** The producer each lane sends on now; replaced when it is retired. */
  private readonly current: Array<ProducerGeneration | undefined>;
  /** Every producer not yet disconnected, retired ones included. */
  private readonly generations = new Set<ProducerGeneration>();
  private closed = false;

  constructor(private readonly options: KafkajsPublisherOptions) {
    this.lanes = Math.max(1, Math.floor(options.lanes ?? 1));
    this.current = new Array<ProducerGeneration | undefined>(this.lanes).fill(undefined);
  }

  /** Connects eagerly (at boot) so the first publish does not pay for it; fails fast if Kafka is down. */
  async connect(): Promise<void> {
    const generation = this.currentGeneration(0);
    await withTimeout(generation.connect(), this.options.produceTimeoutMs, () =>
      this.unavailable('connect'),
    ).catch((error: unknown) => {
      generation.retire();
      throw this.asUnavailable(error, 'connect');
    });
  }

  publish(topic: string, messages: OutgoingMessage[], options?: PublishOptions): Promise<void> {
    return this.publishMany([{ topic, messages }], options);
  }

  async publishMany(
    batches: readonly TopicMessages[],
    options: PublishOptions = {},
  ): Promise<void> {
    if (this.closed) throw new BusUnavailableError('publisher is closed');
    // Grouping per topic keeps the produce request small; encoding first makes a bad value a
    // caller error (InvalidInputError) before anything is sent.
    const grouped = groupByTopic(batches);
    const encoded = [...grouped].map(([topic, messages]) => ({
      topic,
      messages: messages.map((message) => ({ message, value: encodeMessageValue(message.value) })),
    }));
    const count = encoded.reduce((sum, batch) => sum + batch.messages.length, 0);
    if (count === 0) return;

    const topics = [...grouped.keys()];
    const span = this.tracer.startSpan(`send ${topics.join(',')}`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        [MESSAGING_ATTRIBUTES.system]: MESSAGING_SYSTEM_KAFKA,
        [MESSAGING_ATTRIBUTES.operationType]: 'send',
        [MESSAGING_ATTRIBUTES.operationName]: 'send',
        [MESSAGING_ATTRIBUTES.destination]: topics.join(','),
        [MESSAGING_ATTRIBUTES.batchCount]: count,
      },
    });
    const spanContext = trace.setSpan(context.active(), span);
    const batch: ProducerBatch = {
      acks: ACKS_ALL,
      // Broker-side wait for the in-sync replicas; the client-side limit is the race below.
      timeout: this.options.produceTimeoutMs,
      topicMessages: encoded.map(({ topic, messages }) => ({
        topic,
        messages: messages.map(({ message, value }): Message => {
          const headers = { ...message.headers };
          if (!options.keepTraceHeaders) propagation.inject(spanContext, headers, headerSetter);
          return { key: message.key, value, headers };
        }),
      })),
    };

    try {
      await this.send(batch, (options.lane ?? 0) % this.lanes);
    } catch (error) {
      recordFailure(span, error);
      throw this.asUnavailable(error, 'publish', { topics, count });
    } finally {
      span.end();
    }
  }

  /**
   * Stops taking publishes, gives those in flight up to the produce timeout to finish, then
   * disconnects every producer. Call after consumers stopped (they may still publish).
   */
  async disconnect(): Promise<void> {
    this.closed = true;
    this.current.fill(undefined);
    // Retired producers whose last send still hangs are included: nothing may outlive close.
    const generations = [...this.generations];
    await Promise.all(
      generations.map(async (generation) => {
        // A retired producer already failed its callers; only live sends deserve a grace period.
        if (generation.isRetired) return generation.disconnect();
        await withTimeout(generation.idle(), this.options.produceTimeoutMs, () =>
          this.unavailable('drain'),
        ).catch((error: unknown) =>
          this.options.logger.warn(
            { reason: errorReasonOf(error) },
            'publishes still in flight at disconnect',
          ),
        );
        await generation.disconnect();
      }),
    );
  }

  /** Queues the batch on the current producer; moves to a new one if that one was retired meanwhile. */
  private async send(batch: ProducerBatch, lane: number): Promise<void> {
    let abandoned = false;
    let startedOn: ProducerGeneration | undefined;
    const attempt = async (): Promise<void> => {
      for (;;) {
        if (this.closed) throw new BusUnavailableError('publisher is closed');
        const generation = this.currentGeneration(lane);
        const outcome = await generation.send(batch, {
          isWanted: () => !abandoned,
          onStart: () => {
            startedOn = generation;
          },
        });
        if (outcome !== 'retired') return;
      }
    };
    await withTimeout(attempt(), this.options.produceTimeoutMs, () => {
      abandoned = true;
      // A send that hangs may still succeed later; its producer must not be reused (see
      // ProducerGeneration), so new publishes start on a fresh one right away.
      startedOn?.retire();
      return this.unavailable('publish');
    });
  }

  private currentGeneration(lane: number): ProducerGeneration {
    const existing = this.current[lane];
    if (existing && !existing.isRetired) return existing;
    const generation: ProducerGeneration = new ProducerGeneration(this.options.createProducer(), {
      onDisconnected: () => this.generations.delete(generation),
      onDisconnectError: (error) =>
        this.options.logger.warn(
          { reason: errorReasonOf(error) },
          'kafka producer disconnect failed',
        ),
    });
    this.generations.add(generation);
    this.current[lane] = generation;
    return generation;
  }

  private unavailable(operation: string): BusUnavailableError {
    return new BusUnavailableError(
      `kafka did not acknowledge ${operation} within ${this.options.produceTimeoutMs} ms`,
      {
        details: { timeoutMs: this.options.produceTimeoutMs },
      },
    );
  }

  private asUnavailable(
    error: unknown,
    operation: string,
    details?: Record<string, unknown>,
  ): BusUnavailableError {
    if (error instanceof BusUnavailableError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    return new BusUnavailableError(`kafka ${operation} failed: ${reason}`, {
      cause: error,
      details,
    });
  }
}

function groupByTopic(batches: readonly TopicMessages[]): Map<string, OutgoingMessage[]> {
  const grouped = new Map<string, OutgoingMessage[]>();
  for (const { topic, messages } of batches) {
    const list = grouped.get(topic) ?? [];
    list.push(...messages);
    grouped.set(topic, list);
  }
  return grouped;
}

function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}
