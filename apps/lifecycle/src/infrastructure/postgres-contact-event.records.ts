import {
  AbsenceTimerEntity,
  claimEvent,
  qualifiedTableName,
  TriggerEventHitEntity,
} from '@cip/persistence';
import type {
  ContactEventEvaluation,
  ContactEventRecorder,
  EventCountHit,
  EventCountLookup,
} from '@cip/lifecycle-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { insertAlerts } from './postgres-alert.records';

/**
 * Everything one contact event changes, committed with its inbox row: alerts, event-count hits
 * (older hits of the same pair pruned), then absence timers cancelled and armed.
 */
export class PostgresContactEventRecords implements ContactEventRecorder, EventCountLookup {
  private readonly hits: string;
  private readonly timers: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {
    this.hits = qualifiedTableName(dataSource, TriggerEventHitEntity);
    this.timers = qualifiedTableName(dataSource, AbsenceTimerEntity);
  }

  async countPrior(hit: EventCountHit, from: Date): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${this.hits}
       WHERE customer_id = $1 AND trigger_id = $2 AND event_id <> $3
         AND occurred_at > $4 AND occurred_at <= $5`,
      [hit.customerId, hit.triggerId, hit.eventId, from, hit.occurredAt],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  async record(eventId: string, evaluation: ContactEventEvaluation): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await claimEvent(manager, this.consumer, eventId);
      await insertAlerts(manager, evaluation.fired);
      for (const hit of evaluation.hits) await this.storeHit(manager, hit);
      for (const cancel of evaluation.timers.cancel) {
        await manager.query(
          `UPDATE ${this.timers} SET status = 'cancelled', settled_at = now(), settled_by = $4
           WHERE customer_id = $1 AND trigger_id = $2 AND correlation_key = $3
             AND status = 'armed' AND armed_by_event_id <> $4
             AND armed_at <= $5 AND due_at > $5`,
          [
            cancel.customerId,
            cancel.triggerId,
            cancel.correlationKey,
            cancel.resolvedByEventId,
            cancel.resolvedAt,
          ],
        );
      }
      for (const arm of evaluation.timers.arm) {
        // armOnce: only the customer's first `after` event of this trigger arms a timer.
        await manager.query(
          `INSERT INTO ${this.timers}
             (timer_id, customer_id, trigger_id, correlation_key, armed_by_event_id,
              armed_by_event_type, correlation_id, armed_at, due_at)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
           WHERE NOT $10::boolean OR NOT EXISTS (
             SELECT 1 FROM ${this.timers} WHERE customer_id = $2 AND trigger_id = $3)
           ON CONFLICT (timer_id) DO NOTHING`,
          [
            arm.timerId,
            arm.customerId,
            arm.triggerId,
            arm.correlationKey,
            arm.armedByEventId,
            arm.armedByEventType,
            arm.correlationId,
            arm.armedAt,
            arm.dueAt,
            arm.armOnce,
          ],
        );
      }
    });
  }

  private async storeHit(manager: EntityManager, hit: EventCountHit): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.hits} (customer_id, trigger_id, event_id, occurred_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [hit.customerId, hit.triggerId, hit.eventId, hit.occurredAt],
    );
    // Keeps the per-pair log as short as the trigger's window.
    await manager.query(
      `DELETE FROM ${this.hits} WHERE customer_id = $1 AND trigger_id = $2 AND occurred_at <= $3`,
      [hit.customerId, hit.triggerId, hit.expiredBefore],
    );
  }
}
