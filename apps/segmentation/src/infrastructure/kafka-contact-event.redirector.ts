import { HEADERS, TOPICS, topicName, type ContactEvent } from '@cip/contracts';
import type { MessagePublisher } from '@cip/kafka';
import type { ContactEventRedirector } from '../evaluate-segments/apply-segment-facts.use-case';

export class KafkaContactEventRedirector implements ContactEventRedirector {
  private readonly topic: string;

  constructor(
    private readonly publisher: MessagePublisher,
    topicPrefix: string,
  ) {
    this.topic = topicName(topicPrefix, TOPICS.contactEvents);
  }

  async redirect(events: readonly ContactEvent[], survivorId: string): Promise<void> {
    // Keyed by the survivor, so they land in the survivor's partition, ordered with its events.
    await this.publisher.publish(
      this.topic,
      events.map((event) => ({
        key: survivorId,
        value: { ...event, customerId: survivorId },
        headers: {
          [HEADERS.eventType]: event.type,
          [HEADERS.schemaVersion]: String(event.version),
        },
      })),
    );
  }
}
