import {
  CUSTOMER_MERGED,
  TOPICS,
  type CustomerMergedV1,
  type CustomerProfileChangedV1,
  type TopicBaseName,
} from '@cip/contracts';
import type { EntityManager } from 'typeorm';

export type OutboxEvent = CustomerMergedV1 | CustomerProfileChangedV1;

function topicOf(event: OutboxEvent): TopicBaseName {
  return event.type === CUSTOMER_MERGED ? TOPICS.customerMerged : TOPICS.customerProfileChanged;
}

/** Queues `event` in the outbox inside the caller's transaction, keyed by its customer. */
export async function enqueueOutboxEvent(
  manager: EntityManager,
  outboxTable: string,
  event: OutboxEvent,
): Promise<void> {
  await manager.query(
    `INSERT INTO ${outboxTable} (topic, message_key, event_id, event_type, value)
     VALUES ($1, $2, $3, $4, $5)`,
    [topicOf(event), event.customerId, event.eventId, event.type, JSON.stringify(event)],
  );
}
