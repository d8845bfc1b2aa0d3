import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { ClosedAlertEntity } from './nba/closed-alert.entity';
import { PersistenceError } from './persistence-error';
import { ProcessedEventEntity } from './processed-event.entity';
import { qualifiedTableName, returnedRows } from './qualified-table-name';

/** Rows deleted per statement: short row locks, bounded work and WAL per round trip. */
export const INBOX_PRUNE_BATCH_SIZE = 5_000;

/**
 * Deletes the inbox rows (processed_event, every consumer) processed before `processedBefore`,
 * oldest first; returns how many rows went. Safe only for rows older than the topics'
 * retention: a duplicate can arrive only while Kafka still holds the original.
 */
export function pruneInbox(
  dataSource: DataSource,
  processedBefore: Date,
  batchSize = INBOX_PRUNE_BATCH_SIZE,
): Promise<number> {
  return pruneRowsBefore(
    dataSource,
    ProcessedEventEntity,
    'processed_at',
    processedBefore,
    batchSize,
  );
}

/**
 * Deletes nba's closed-alert markers closed before `closedBefore`. A marker only stops a raise
 * that arrives after its close (the two topics are read independently), and no raise older than
 * the topics' retention can still arrive.
 */
export function pruneClosedAlerts(
  dataSource: DataSource,
  closedBefore: Date,
  batchSize = INBOX_PRUNE_BATCH_SIZE,
): Promise<number> {
  return pruneRowsBefore(dataSource, ClosedAlertEntity, 'closed_at', closedBefore, batchSize);
}

/**
 * Deletes the rows of `entity` whose `timeColumn` (indexed) is before `before`, oldest first, one
 * short statement per batch until a batch comes back short. SKIP LOCKED lets several instances
 * prune at once.
 */
async function pruneRowsBefore(
  dataSource: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  timeColumn: 'processed_at' | 'closed_at',
  before: Date,
  batchSize: number,
): Promise<number> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new PersistenceError('INVALID_INPUT', 'batch size must be a positive integer');
  }
  const table = qualifiedTableName(dataSource, entity);
  // ctid = ANY(ARRAY(...)): a TID scan of the rows the time index found.
  return deleteInBatches(
    batchSize,
    async () =>
      returnedRows(
        await dataSource.query(
          `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM ${table} WHERE ${timeColumn} < $1
           ORDER BY ${timeColumn} LIMIT $2
           FOR UPDATE SKIP LOCKED))
         RETURNING 1`,
          [before, batchSize],
        ),
      ).length,
  );
}

/**
 * Runs `deleteBatch` (which deletes at most `batchSize` rows and says how many) until a batch
 * comes back short; returns the total. Retention prunes stay short statements this way.
 */
export async function deleteInBatches(
  batchSize: number,
  deleteBatch: () => Promise<number>,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await deleteBatch();
    deleted += batch;
    if (batch < batchSize) return deleted;
  }
}
