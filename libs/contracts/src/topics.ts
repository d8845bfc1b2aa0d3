/** Base names of every topic the platform owns. All are keyed by customer id. */
export const TOPICS = {
  contactEvents: 'contact-events',
  intakeRaw: 'intake.raw',
  segmentMembership: 'segment-membership',
  segmentDefinitions: 'segment-definitions',
  lifecycleStages: 'lifecycle-stages',
  triggers: 'triggers',
  attritionAlerts: 'attrition-alerts',
  alertStatus: 'alert-status',
  nbaDecisions: 'nba-decisions',
  nbaResponses: 'nba-responses',
  customerMerged: 'customer-merged',
  customerProfileChanged: 'customer-profile-changed',
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicBaseName = (typeof TOPICS)[TopicKey];

/** Same partition count everywhere, so one customer's records share a partition index. */
export const DEFAULT_PARTITIONS = 12;

export const DEAD_LETTER_SUFFIX = '.dlt';

/** Topics that hold the latest value per key rather than a history. */
export const COMPACTED_TOPICS: ReadonlySet<TopicBaseName> = new Set([TOPICS.segmentDefinitions]);

/** A prefix isolates environments and test runs on one broker: `${prefix}${base}`. */
export function topicName(prefix: string, base: TopicBaseName): string {
  return `${prefix}${base}`;
}

export function deadLetterTopicOf(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}

/** Every topic (and its dead-letter topic) that the local stack and tests create. */
export function allTopicNames(prefix: string): string[] {
  return Object.values(TOPICS).flatMap((base) => {
    const name = topicName(prefix, base);
    return [name, deadLetterTopicOf(name)];
  });
}
