import type { DataSource, EntityManager } from 'typeorm';
import { PersistenceError } from './persistence-error';
import { poolQuery } from './pool-query';
import { ProcessedEventEntity } from './processed-event.entity';
import { qualifiedTableName } from './qualified-table-name';

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
    `INSERT INTO ${qualifiedTableName(manager.connection, ProcessedEventEntity)} (consumer, event_id)
     SELECT $1, id FROM unnest($2::text[]) AS t(id)
     ON CONFLICT DO NOTHING
     RETURNING event_id`,
    [consumer, [...new Set(eventIds)]],
  )) as Array<{ event_id: string }>;
  return new Set(rows.map((row) => row.event_id));
}

/**
 * The ids among `eventIds` that `consumer` has already processed: one read for a whole batch,
 * by the inbox's primary key (event_id, consumer). On the pool directly (`poolQuery`): consumers
 * call it for every batch.
 */
export async function processedEventIds(
  dataSource: DataSource,
  consumer: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await poolQuery<{ event_id: string }>(
    dataSource,
    `SELECT event_id FROM ${qualifiedTableName(dataSource, ProcessedEventEntity)}
     WHERE consumer = $1 AND event_id = ANY($2::text[])`,
    [consumer, [...new Set(eventIds)]],
  );
  return new Set(rows.map((row) => row.event_id));
}
