import { HEADERS, TOPICS, topicName, type ContactEvent } from '@cip/contracts';
import type { MessagePublisher } from '@cip/kafka';
import type { ContactEventRedirector } from '../apply-contact-event/segmentation.ports';

export class KafkaContactEventRedirector implements ContactEventRedirector {
  private readonly topic: string;

  constructor(
    private readonly publisher: MessagePublisher,
    topicPrefix: string,
  ) {
    this.topic = topicName(topicPrefix, TOPICS.contactEvents);
  }

  async redirect(event: ContactEvent, survivorId: string): Promise<void> {
    // Keyed by the survivor, so it lands in the survivor's partition, ordered with its events.
    await this.publisher.publish(this.topic, [
      {
        key: survivorId,
        value: { ...event, customerId: survivorId },
        headers: {
          [HEADERS.eventType]: event.type,
          [HEADERS.schemaVersion]: String(event.version),
        },
      },
    ]);
  }
}
