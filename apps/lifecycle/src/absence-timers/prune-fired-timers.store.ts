import {
  AbsenceTimerEntity,
  deleteInBatches,
  qualifiedTableName,
  returnedRows,
} from '@cip/persistence';
import type { DataSource } from 'typeorm';

/** Rows deleted per statement: short row locks, bounded work per round trip. */
export const PRUNE_BATCH_SIZE = 1_000;

/**
 * Deletes absence timers settled (fired, cancelled, suppressed, dropped) before the cutoff.
 * Armed timers are never touched. The newest timer of each (customer, trigger) always stays:
 * arm-once triggers arm only when the customer has no timer of the trigger at all, so that row
 * is what keeps a second "first purchase" from arming again. Redelivered arming events are
 * caught by the inbox (processed_event), not by these rows, so deleting them re-arms nothing.
 * SKIP LOCKED lets several instances prune at once, and never waits on the poller's claims.
 */
export class PostgresFiredTimerPruner {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly batchSize = PRUNE_BATCH_SIZE,
  ) {
    this.table = qualifiedTableName(dataSource, AbsenceTimerEntity);
  }

  /** Deletes batch after batch until one comes back short; returns how many rows went. */
  pruneSettledBefore(cutoff: Date): Promise<number> {
    return deleteInBatches(this.batchSize, () => this.pruneBatch(cutoff));
  }

  private async pruneBatch(cutoff: Date): Promise<number> {
    const result: unknown = await this.dataSource.query(
      `DELETE FROM ${this.table} WHERE timer_id IN (
         SELECT x.timer_id FROM ${this.table} x
         WHERE x.status <> 'armed' AND x.settled_at < $1
           AND EXISTS (
             SELECT 1 FROM ${this.table} newer
             WHERE newer.customer_id = x.customer_id AND newer.trigger_id = x.trigger_id
               AND (newer.armed_at, newer.timer_id) > (x.armed_at, x.timer_id))
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING timer_id`,
      [cutoff, this.batchSize],
    );
    return returnedRows(result).length;
  }
}
