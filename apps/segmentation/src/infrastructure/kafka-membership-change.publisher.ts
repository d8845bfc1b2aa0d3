import { HEADERS, SEGMENT_MEMBERSHIP_CHANGED, TOPICS, topicName } from '@cip/contracts';
import type { MessagePublisher } from '@cip/kafka';
import { toMembershipChangedEvent, type MembershipChange } from '@cip/segmentation-domain';
import type { MembershipChangePublisher } from '../evaluate-segments/segment-state.ports';

/**
 * Keyed by customer, so per-customer order holds. A batch's changes go in chunks, one after the
 * other: kafkajs groups a produce call's messages per partition at a cost that grows with the
 * square of their number, and one huge request can exceed the broker's size limit.
 */
const CHUNK = 500;

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
    for (let start = 0; start < changes.length; start += CHUNK)
      await this.publishChunk(changes.slice(start, start + CHUNK), correlationOf);
  }

  private async publishChunk(
    changes: readonly MembershipChange[],
    correlationOf: (triggeringEventId: string) => string | undefined,
  ): Promise<void> {
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
