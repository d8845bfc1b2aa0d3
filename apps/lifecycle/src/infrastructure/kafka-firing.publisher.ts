import { ATTRITION_ALERT_RAISED, HEADERS, TOPICS, TRIGGER_FIRED, topicName } from '@cip/contracts';
import type { MultiTopicPublisher, TopicMessages } from '@cip/kafka';
import type { FiredTrigger, FiringPublisher } from '@cip/lifecycle-domain';

/** trigger.fired → triggers, attrition.alert.raised → attrition-alerts; keyed by customer, one round trip. */
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

  async publish(fired: readonly FiredTrigger[]): Promise<void> {
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
    await this.publisher.publishMany(batches.filter((batch) => batch.messages.length > 0));
  }
}
