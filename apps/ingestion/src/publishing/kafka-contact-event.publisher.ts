import { HEADERS, type ContactEvent } from '@cip/contracts';
import type { ContactEventPublisher } from '@cip/ingestion-domain';
import type { MessagePublisher, OutgoingMessage } from '@cip/kafka';

interface Waiting {
  message: OutgoingMessage;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Upper bound of one produce request; far below Kafka's default 1 MB request limit. */
const MAX_BATCH_MESSAGES = 500;

/**
 * Writes accepted events to contact-events, keyed by customer id so one customer's events stay in
 * order on one partition. The bus resolves after acks=all and injects the trace context headers.
 *
 * Why it batches: the idempotent producer keeps one request in flight, so one produce per HTTP
 * request caps throughput at one broker round trip per event. Requests that arrive while a
 * produce is in flight are sent together in the next one; each caller still gets its answer only
 * after the broker acknowledged the batch holding its event (and a failure fails the whole batch:
 * every caller gets 503 and retries with its event id).
 */
export class KafkaContactEventPublisher implements ContactEventPublisher {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly bus: MessagePublisher,
    readonly topic: string,
  ) {}

  publish(event: ContactEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({
        message: {
          key: event.customerId,
          value: event,
          headers: {
            [HEADERS.eventType]: event.type,
            [HEADERS.schemaVersion]: String(event.version),
          },
        },
        resolve,
        reject,
      });
      this.sendNext();
    });
  }

  private sendNext(): void {
    if (this.sending || this.waiting.length === 0) return;
    this.sending = true;
    const batch = this.waiting.splice(0, MAX_BATCH_MESSAGES);
    this.bus
      .publish(
        this.topic,
        batch.map((w) => w.message),
      )
      .then(
        () => batch.forEach((w) => w.resolve()),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        this.sending = false;
        this.sendNext();
      });
  }
}
