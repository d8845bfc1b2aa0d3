import { AbsenceTimerEntity, qualifiedTableName } from '@cip/persistence';
import type { DueAbsenceTimer, DueTimerStore, TimerSettlement } from '@cip/lifecycle-domain';
import type { DataSource } from 'typeorm';
import { insertAlerts } from './postgres-alert.records';

interface TimerRow {
  timer_id: string;
  customer_id: string;
  trigger_id: string;
  correlation_key: string;
  armed_by_event_id: string;
  armed_by_event_type: string;
  correlation_id: string;
  armed_at: Date;
  due_at: Date;
}

/**
 * Claims due timers with FOR UPDATE SKIP LOCKED, so two or more instances split them and never
 * fire one twice at once; the outcome and the alerts commit together, releasing the locks. A crash
 * before the commit rolls back to `armed`, and the next claim re-fires with the same ids.
 */
export class PostgresAbsenceTimerStore implements DueTimerStore {
  private readonly table: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = qualifiedTableName(dataSource, AbsenceTimerEntity);
  }

  async settleDue(
    now: Date,
    limit: number,
    settle: (due: readonly DueAbsenceTimer[]) => Promise<TimerSettlement[]>,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT timer_id, customer_id, trigger_id, correlation_key, armed_by_event_id,
                armed_by_event_type, correlation_id, armed_at, due_at
         FROM ${this.table}
         WHERE status = 'armed' AND due_at <= $1
         ORDER BY due_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED`,
        [now, limit],
      )) as TimerRow[];
      if (rows.length === 0) return 0;
      const settlements = await settle(rows.map(toDueTimer));
      await insertAlerts(
        manager,
        settlements.flatMap((s) => (s.fired ? [s.fired] : [])),
      );
      for (const settlement of settlements) {
        await manager.query(
          `UPDATE ${this.table} SET status = $2, settled_at = $3, settled_by = $4
           WHERE timer_id = $1 AND status = 'armed'`,
          [
            settlement.timerId,
            settlement.outcome,
            now,
            settlement.fired?.alert?.record.alertId ??
              settlement.fired?.triggerFired.eventId ??
              null,
          ],
        );
      }
      return rows.length;
    });
  }
}

function toDueTimer(row: TimerRow): DueAbsenceTimer {
  return {
    timerId: row.timer_id,
    customerId: row.customer_id,
    triggerId: row.trigger_id,
    correlationKey: row.correlation_key,
    armedByEventId: row.armed_by_event_id,
    armedByEventType: row.armed_by_event_type,
    correlationId: row.correlation_id,
    armedAt: new Date(row.armed_at),
    dueAt: new Date(row.due_at),
  };
}
