import { HEADERS, SEGMENT_MEMBERSHIP_CHANGED, TOPICS, topicName } from '@cip/contracts';
import type { MessagePublisher } from '@cip/kafka';
import { toMembershipChangedEvent, type MembershipChange } from '@cip/segmentation-domain';
import type { MembershipChangePublisher } from '../evaluate-segments/segment-state.ports';

/** All changes of a batch in one produce call; keyed by customer, so per-customer order holds. */
export class KafkaMembershipChangePublisher implements MembershipChangePublisher {
  private readonly topic: string;

  constructor(
    private readonly publisher: MessagePublisher,
    topicPrefix: string,
  ) {
    this.topic = topicName(topicPrefix, TOPICS.segmentMembership);
  }

  async publish(
    changes: readonly MembershipChange[],
    correlationOf: (triggeringEventId: string) => string | undefined,
  ): Promise<void> {
    if (changes.length === 0) return;
    await this.publisher.publish(
      this.topic,
      changes.map((change) => ({
        key: change.customerId,
        value: toMembershipChangedEvent(change, {
          eventId: change.triggeringEventId,
          correlationId: correlationOf(change.triggeringEventId),
        }),
        headers: { [HEADERS.eventType]: SEGMENT_MEMBERSHIP_CHANGED, [HEADERS.schemaVersion]: '1' },
      })),
    );
  }
}
