import type { DataSource } from 'typeorm';
import { PersistenceError } from './persistence-error';
import { ProcessedEventEntity } from './processed-event.entity';
import { qualifiedTableName, returnedRows } from './qualified-table-name';

/** Rows deleted per statement: short row locks, bounded work and WAL per round trip. */
export const INBOX_PRUNE_BATCH_SIZE = 5_000;

/**
 * Deletes the inbox rows (processed_event, every consumer) processed before `processedBefore`,
 * oldest first, one short statement per batch until a batch comes back short; returns how many
 * rows went. Safe only for rows older than the topics' retention: a duplicate can arrive only
 * while Kafka still holds the original. SKIP LOCKED lets several instances prune at once.
 */
export async function pruneInbox(
  dataSource: DataSource,
  processedBefore: Date,
  batchSize = INBOX_PRUNE_BATCH_SIZE,
): Promise<number> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new PersistenceError('INVALID_INPUT', 'batch size must be a positive integer');
  }
  const table = qualifiedTableName(dataSource, ProcessedEventEntity);
  let pruned = 0;
  for (;;) {
    // ctid = ANY(ARRAY(...)): a TID scan of the rows the processed_at index found.
    const result: unknown = await dataSource.query(
      `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM ${table} WHERE processed_at < $1
         ORDER BY processed_at LIMIT $2
         FOR UPDATE SKIP LOCKED))
       RETURNING 1`,
      [processedBefore, batchSize],
    );
    const deleted = returnedRows(result).length;
    pruned += deleted;
    if (deleted < batchSize) return pruned;
  }
}
