import { ATTRITION_ALERT_RAISED, HEADERS, TOPICS, TRIGGER_FIRED, topicName } from '@cip/contracts';
import type { MultiTopicPublisher, TopicMessages } from '@cip/kafka';
import type { FiredTrigger, FiringPublisher } from '@cip/lifecycle-domain';

/** trigger.fired → triggers, attrition.alert.raised → attrition-alerts; keyed by customer. */
export class KafkaFiringPublisher implements FiringPublisher {
  private readonly triggersTopic: string;
  private readonly alertsTopic: string;

  constructor(
    private readonly publisher: MultiTopicPublisher,
    topicPrefix: string,
  ) {
    this.triggersTopic = topicName(topicPrefix, TOPICS.triggers);
    this.alertsTopic = topicName(topicPrefix, TOPICS.attritionAlerts);
  }

  /**
   * One produce round trip per producer lane: a batch's firings are spread over the lanes by
   * customer (so one customer's records keep one producer, in order) and sent in parallel, since
   * each lane holds one produce in flight and the consumers' batches share them.
   */
  async publish(fired: readonly FiredTrigger[]): Promise<void> {
    const lanes = Math.max(1, this.publisher.lanes ?? 1);
    const byLane = new Map<number, FiredTrigger[]>();
    for (const f of fired) {
      const lane = laneOf(f.triggerFired.customerId, lanes);
      const group = byLane.get(lane) ?? [];
      group.push(f);
      byLane.set(lane, group);
    }
    await Promise.all(
      [...byLane].map(([lane, group]) =>
        this.publisher.publishMany(this.batchesOf(group), { lane }),
      ),
    );
  }

  private batchesOf(fired: readonly FiredTrigger[]): TopicMessages[] {
    const batches: TopicMessages[] = [
      {
        topic: this.triggersTopic,
        messages: fired.map((f) => ({
          key: f.triggerFired.customerId,
          value: f.triggerFired,
          headers: { [HEADERS.eventType]: TRIGGER_FIRED, [HEADERS.schemaVersion]: '1' },
        })),
      },
      {
        topic: this.alertsTopic,
        messages: fired.flatMap((f) =>
          f.alert
            ? [
                {
                  key: f.alert.event.customerId,
                  value: f.alert.event,
                  headers: {
                    [HEADERS.eventType]: ATTRITION_ALERT_RAISED,
                    [HEADERS.schemaVersion]: '1',
                  },
                },
              ]
            : [],
        ),
      },
    ];
    return batches.filter((batch) => batch.messages.length > 0);
  }
}

/** FNV-1a of the customer id: stable, so a customer always takes the same lane. */
function laneOf(customerId: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i += 1) {
    hash ^= customerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}
