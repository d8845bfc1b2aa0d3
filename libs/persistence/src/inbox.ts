import type { EntityManager } from 'typeorm';
import { PersistenceError } from './persistence-error';
import { ProcessedEventEntity } from './processed-event.entity';

/**
 * Marks `eventId` as processed by `consumer`. True the first time, false for a duplicate.
 * Call it inside the transaction that applies the event's effect: if that transaction rolls
 * back, the claim goes with it and the redelivery is processed again.
 */
export async function claimEvent(
  manager: EntityManager,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const claimed = await claimEvents(manager, consumer, [eventId]);
  return claimed.has(eventId);
}

/**
 * Batch form of `claimEvent` (one statement per batch): returns the ids claimed now; the ids
 * missing from the result were processed before (or appear twice in `eventIds`).
 */
export async function claimEvents(
  manager: EntityManager,
  consumer: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (consumer.length === 0)
    throw new PersistenceError('INVALID_INPUT', 'consumer must not be empty');
  if (eventIds.some((id) => id.length === 0))
    throw new PersistenceError('INVALID_INPUT', 'event ids must not be empty');
  if (eventIds.length === 0) return new Set();
  const rows = (await manager.query(
    `INSERT INTO ${inboxTableOf(manager)} (consumer, event_id)
     SELECT $1, id FROM unnest($2::text[]) AS t(id)
     ON CONFLICT DO NOTHING
     RETURNING event_id`,
    [consumer, [...new Set(eventIds)]],
  )) as Array<{ event_id: string }>;
  return new Set(rows.map((row) => row.event_id));
}

// Schema-qualified from the entity metadata, so it does not depend on the session's search_path.
function inboxTableOf(manager: EntityManager): string {
  const metadata = manager.connection.getMetadata(ProcessedEventEntity);
  const { driver } = manager.connection;
  return metadata.schema
    ? `${driver.escape(metadata.schema)}.${driver.escape(metadata.tableName)}`
    : driver.escape(metadata.tableName);
}
