import { ALERT_STATUS_CHANGED, severitySchema, TOPICS } from '@cip/contracts';
import {
  ALERT_REVIEW_POLICY,
  alertStatusChangedEvent,
  type AlertReviewPolicy,
  type AlertSummaryFacts,
  type AlertSummaryFactsSource,
  type AlertWorkflowStore,
  type AppliedTransition,
  type WorkflowAlert,
} from '@cip/lifecycle-domain';
import {
  AlertEntity,
  AlertTransitionEntity,
  OutboxMessageEntity,
  qualifiedTableName,
  returnedRows,
  TriggerDefinitionEntity,
} from '@cip/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { alertColumns, outcomeOf, toWorkflowAlert, type AlertRow } from './alert-row';

/**
 * Alert workflow state in lifecycle's schema: row locks for transitions, SKIP LOCKED for sweeps.
 * Every transition also queues its alert.status.changed event in the outbox, in the same
 * transaction; `onCommitted` then wakes the relay (its poll is the safety net).
 */
export class PostgresAlertWorkflowStore implements AlertWorkflowStore, AlertSummaryFactsSource {
  private readonly alerts: string;
  private readonly transitions: string;
  private readonly outbox: string;
  private readonly triggers: string;
  private readonly columns: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: AlertReviewPolicy = ALERT_REVIEW_POLICY,
    private readonly onCommitted: () => void = () => undefined,
  ) {
    this.alerts = qualifiedTableName(dataSource, AlertEntity);
    this.transitions = qualifiedTableName(dataSource, AlertTransitionEntity);
    this.outbox = qualifiedTableName(dataSource, OutboxMessageEntity);
    this.triggers = qualifiedTableName(dataSource, TriggerDefinitionEntity);
    this.columns = alertColumns('a', policy);
  }

  async transition(
    alertId: string,
    decide: (current: WorkflowAlert) => AppliedTransition,
  ): Promise<AppliedTransition | null> {
    const applied = await this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT ${this.columns} FROM ${this.alerts} a WHERE a.alert_id = $1 FOR UPDATE`,
        [alertId],
      )) as AlertRow[];
      const row = rows[0];
      if (row === undefined) return null;
      const decided = decide(toWorkflowAlert(row));
      await this.write(manager, [decided]);
      return decided;
    });
    if (applied !== null) this.onCommitted();
    return applied;
  }

  async expireDue(
    now: Date,
    limit: number,
    decide: (current: WorkflowAlert) => AppliedTransition | null,
  ): Promise<AppliedTransition[]> {
    const expired = await this.dataSource.transaction(async (manager) => {
      // SKIP LOCKED: concurrent sweeps (and a transition holding its row) split the work.
      const rows = (await manager.query(
        `SELECT ${this.columns} FROM ${this.alerts} a
         WHERE a.status IN ('open', 'acknowledged') AND a.deadline <= $1
         ORDER BY a.deadline
         LIMIT $2
         FOR UPDATE SKIP LOCKED`,
        [now, limit],
      )) as AlertRow[];
      const applied = rows.flatMap((row) => {
        const result = decide(toWorkflowAlert(row));
        return result ? [result] : [];
      });
      await this.write(manager, applied);
      return applied;
    });
    if (expired.length > 0) this.onCommitted();
    return expired;
  }

  /** Stores the review due time on rows written without one; returns how many were stamped. */
  async stampReviewDue(limit: number): Promise<number> {
    const hours = this.policy.reviewWithinHours;
    const result: unknown = await this.dataSource.query(
      `UPDATE ${this.alerts} SET review_due_at = raised_at + interval '1 hour' * $2::double precision
       WHERE alert_id IN (
         SELECT alert_id FROM ${this.alerts} WHERE review_due_at IS NULL
         LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING alert_id`,
      [limit, hours],
    );
    return returnedRows(result).length;
  }

  async summaryFacts(from: Date, to: Date): Promise<AlertSummaryFacts[]> {
    const hours = this.policy.reviewWithinHours;
    const rows = (await this.dataSource.query(
      `SELECT a.trigger_id, COALESCE(t.programme, 'unknown') AS programme, a.severity, a.raised_at,
              COALESCE(a.review_due_at, a.raised_at + interval '1 hour' * $3::double precision) AS review_due_at,
              a.acknowledged_at, a.actioned_at, a.resolved_at, a.outcome, a.expired_at
       FROM ${this.alerts} a LEFT JOIN ${this.triggers} t ON t.id = a.trigger_id
       WHERE (a.raised_at >= $1 AND a.raised_at < $2)
          OR (a.acknowledged_at >= $1 AND a.acknowledged_at < $2)
          OR (a.actioned_at >= $1 AND a.actioned_at < $2)
          OR (a.resolved_at >= $1 AND a.resolved_at < $2)
          OR (a.expired_at >= $1 AND a.expired_at < $2)
          OR (COALESCE(a.review_due_at, a.raised_at + interval '1 hour' * $3::double precision) >= $1
              AND COALESCE(a.review_due_at, a.raised_at + interval '1 hour' * $3::double precision) < $2)`,
      [from, to, hours],
    )) as Array<
      Pick<
        AlertRow,
        | 'trigger_id'
        | 'severity'
        | 'raised_at'
        | 'review_due_at'
        | 'acknowledged_at'
        | 'actioned_at'
        | 'resolved_at'
        | 'outcome'
        | 'expired_at'
      > & { programme: string }
    >;
    return rows.map((row) => ({
      triggerId: row.trigger_id,
      programme: row.programme,
      severity: severitySchema.parse(row.severity),
      raisedAt: row.raised_at,
      reviewDueAt: row.review_due_at,
      acknowledgedAt: row.acknowledged_at,
      actionedAt: row.actioned_at,
      resolvedAt: row.resolved_at,
      outcome: outcomeOf(row.outcome),
      expiredAt: row.expired_at,
    }));
  }

  private async write(
    manager: EntityManager,
    applied: readonly AppliedTransition[],
  ): Promise<void> {
    if (applied.length === 0) return;
    for (const { alert } of applied) {
      await manager.query(
        `UPDATE ${this.alerts}
         SET status = $2, version = $3, review_due_at = $4, acknowledged_at = $5, actioned_at = $6,
             resolved_at = $7, expired_at = $8, outcome = $9, updated_at = now()
         WHERE alert_id = $1`,
        [
          alert.alertId,
          alert.status,
          alert.version,
          alert.reviewDueAt,
          alert.acknowledgedAt,
          alert.actionedAt,
          alert.resolvedAt,
          alert.expiredAt,
          alert.outcome,
        ],
      );
    }
    const t = applied.map((a) => a.transition);
    await manager.query(
      `INSERT INTO ${this.transitions} (alert_id, version, from_status, to_status, outcome, actor, note, at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])`,
      [
        t.map((x) => x.alertId),
        t.map((x) => x.version),
        t.map((x) => x.from),
        t.map((x) => x.to),
        t.map((x) => x.outcome),
        t.map((x) => x.actor),
        t.map((x) => x.note),
        t.map((x) => x.at),
      ],
    );
    const events = applied.map(alertStatusChangedEvent);
    await manager.query(
      `INSERT INTO ${this.outbox} (topic, message_key, event_id, event_type, value)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[])`,
      [
        TOPICS.alertStatus,
        events.map((e) => e.customerId),
        events.map((e) => e.eventId),
        events.map(() => ALERT_STATUS_CHANGED),
        events.map((e) => JSON.stringify(e)),
      ],
    );
  }
}
