import { HEADERS, SEGMENT_MEMBERSHIP_CHANGED, TOPICS, topicName } from '@cip/contracts';
import type { MessagePublisher } from '@cip/kafka';
import { toMembershipChangedEvent, type MembershipChange } from '@cip/segmentation-domain';
import type { MembershipPublisher } from '../apply-contact-event/segmentation.ports';

export class KafkaMembershipPublisher implements MembershipPublisher {
  private readonly topic: string;

  constructor(
    private readonly publisher: MessagePublisher,
    topicPrefix: string,
  ) {
    this.topic = topicName(topicPrefix, TOPICS.segmentMembership);
  }

  async publish(
    changes: readonly MembershipChange[],
    trigger: { eventId: string; correlationId?: string | undefined },
  ): Promise<void> {
    if (changes.length === 0) return;
    await this.publisher.publish(
      this.topic,
      changes.map((change) => ({
        key: change.customerId,
        value: toMembershipChangedEvent(change, trigger),
        headers: { [HEADERS.eventType]: SEGMENT_MEMBERSHIP_CHANGED, [HEADERS.schemaVersion]: '1' },
      })),
    );
  }
}
