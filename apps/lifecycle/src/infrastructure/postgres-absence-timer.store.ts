import { AbsenceTimerEntity, AlertEntity, qualifiedTableName } from '@cip/persistence';
import type { DueAbsenceTimer, DueTimerStore, TimerSettlement } from '@cip/lifecycle-domain';
import type { DataSource } from 'typeorm';
import { alertInsertParams, alertInsertSql, alertRecordsOf } from './postgres-alert.records';

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
  private readonly settleSql: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = qualifiedTableName(dataSource, AbsenceTimerEntity);
    // $1 now, $2-$4 one outcome per timer, $5-$15 the alerts: one statement per batch.
    this.settleSql = `WITH alerts AS (
        ${alertInsertSql(qualifiedTableName(dataSource, AlertEntity), 5)}
      )
      UPDATE ${this.table} t
      SET status = s.status, settled_at = $1, settled_by = s.settled_by
      FROM unnest($2::text[], $3::text[], $4::text[]) AS s(timer_id, status, settled_by)
      WHERE t.timer_id = s.timer_id AND t.status = 'armed'`;
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
      if (settlements.length > 0) {
        await manager.query(this.settleSql, [
          now,
          settlements.map((s) => s.timerId),
          settlements.map((s) => s.outcome),
          settlements.map(
            (s) => s.fired?.alert?.record.alertId ?? s.fired?.triggerFired.eventId ?? null,
          ),
          ...alertInsertParams(
            alertRecordsOf(settlements.flatMap((s) => (s.fired ? [s.fired] : []))),
          ),
        ]);
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
