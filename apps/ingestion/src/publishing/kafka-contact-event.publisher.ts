import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { MicroBatcher } from '@cip/async';
import { HEADERS, type ContactEvent } from '@cip/contracts';
import type { ContactEventPublisher } from '@cip/ingestion-domain';
import { BusUnavailableError, type MessagePublisher, type OutgoingMessage } from '@cip/kafka';

export interface ContactEventPublisherLimits {
  /** Records per produce request; 2,000 records of ~500 bytes stay far below Kafka's limits. */
  maxBatchMessages: number;
  /** Records allowed to wait for the produce in flight; beyond it publishes fail at once (503). */
  maxQueuedMessages: number;
  /** How long a produce that starts from idle waits for company (see MicroBatcher.lingerMs). */
  lingerMs: number;
}

export const DEFAULT_PUBLISHER_LIMITS: ContactEventPublisherLimits = {
  maxBatchMessages: 2_000,
  maxQueuedMessages: 20_000,
  lingerMs: 5,
};

/**
 * Writes accepted events to contact-events, keyed by customer id so one customer's events stay in
 * order on one partition. The bus resolves after acks=all and injects the trace context headers.
 *
 * Why it coalesces: an idempotent producer keeps one request in flight (see ProducerGeneration),
 * so one produce per HTTP request would cap throughput at one broker round trip per event. The
 * bus offers a few producer lanes that send in parallel; records are spread over them by
 * customer id, so one customer's records still go through one producer, in order.
 * Records published in the same event loop turn, or while a produce is in flight, go out together
 * in the next one; each caller is answered only after the broker acknowledged the produce that
 * held its own record. A failed produce fails its records and every record still waiting (Kafka
 * just failed them; their callers get 503 now rather than after another timeout). The wait is
 * bounded: past `maxQueuedMessages` a publish fails at once instead of buffering without limit.
 */
export class KafkaContactEventPublisher implements ContactEventPublisher {
  private readonly tracer = trace.getTracer('@cip/ingestion');
  /** One batcher per producer lane; a customer's records always take the same lane, in order. */
  private readonly lanes: MicroBatcher<OutgoingMessage, void>[];

  constructor(
    private readonly bus: MessagePublisher,
    readonly topic: string,
    limits: ContactEventPublisherLimits = DEFAULT_PUBLISHER_LIMITS,
  ) {
    const laneCount = bus.lanes ?? 1;
    const maxQueued = Math.ceil(limits.maxQueuedMessages / laneCount);
    this.lanes = Array.from(
      { length: laneCount },
      (_, lane) =>
        new MicroBatcher<OutgoingMessage, void>({
          maxBatchSize: limits.maxBatchMessages,
          maxConcurrentFlushes: 1,
          maxQueued,
          failQueuedOnError: true,
          lingerMs: limits.lingerMs,
          overloaded: () =>
            new BusUnavailableError(`more than ${maxQueued} events are waiting for Kafka`),
          flush: async (messages) => {
            await this.bus.publish(this.topic, messages, { keepTraceHeaders: true, lane });
            return messages.map(() => undefined);
          },
        }),
    );
  }

  publish(event: ContactEvent): Promise<void> {
    const headers: Record<string, string> = {
      [HEADERS.eventType]: event.type,
      [HEADERS.schemaVersion]: String(event.version),
    };
    // Each record carries the trace of its own request, not that of whichever request opened the
    // batch. Without one (a caller outside any trace) a `create` span starts the trace.
    const active = context.active();
    if (trace.getSpan(active)) {
      propagation.inject(active, headers);
      return this.laneOf(event.customerId).submit({ key: event.customerId, value: event, headers });
    }
    const span = this.tracer.startSpan(`create ${this.topic}`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'create',
        'messaging.destination.name': this.topic,
      },
    });
    propagation.inject(trace.setSpan(active, span), headers);
    return this.laneOf(event.customerId)
      .submit({ key: event.customerId, value: event, headers })
      .then(
        () => span.end(),
        (error: unknown) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          span.end();
          throw error;
        },
      );
  }

  private laneOf(customerId: string): MicroBatcher<OutgoingMessage, void> {
    // FNV-1a: cheap and stable, so a customer's records always queue on the same lane.
    let hash = 0x811c9dc5;
    for (let i = 0; i < customerId.length; i += 1) {
      hash = Math.imul(hash ^ customerId.charCodeAt(i), 0x01000193);
    }
    return this.lanes[(hash >>> 0) % this.lanes.length] as MicroBatcher<OutgoingMessage, void>;
  }
}
