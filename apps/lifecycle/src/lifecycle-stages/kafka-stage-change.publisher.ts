import { HEADERS, LIFECYCLE_STAGE_CHANGED, TOPICS, topicName } from '@cip/contracts';
import type { MessagePublisher } from '@cip/kafka';
import type { StageChange, StageChangePublisher } from '@cip/lifecycle-domain';

/** lifecycle.stage.changed → `lifecycle-stages`, keyed by customer (acks=all). */
export class KafkaStageChangePublisher implements StageChangePublisher {
  private readonly topic: string;

  constructor(
    private readonly publisher: MessagePublisher,
    topicPrefix: string,
  ) {
    this.topic = topicName(topicPrefix, TOPICS.lifecycleStages);
  }

  publish(change: StageChange): Promise<void> {
    return this.publishAll([change]);
  }

  /** One send for a batch's changes; keyed by customer, so each customer's stay in order. */
  publishAll(changes: readonly StageChange[]): Promise<void> {
    return this.publisher.publish(
      this.topic,
      changes.map((change) => ({
        key: change.customerId,
        value: change.event,
        headers: { [HEADERS.eventType]: LIFECYCLE_STAGE_CHANGED, [HEADERS.schemaVersion]: '1' },
      })),
    );
  }
}
