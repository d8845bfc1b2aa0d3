import type { Severity } from '@cip/contracts';
import {
  ALERT_REVIEW_POLICY,
  type AlertReviewPolicy,
  type AlertStatus,
  type AlertTransitionRecord,
} from '@cip/lifecycle-domain';
import { AlertEntity, AlertTransitionEntity, qualifiedTableName } from '@cip/persistence';
import type { DataSource } from 'typeorm';
import { alertColumns, outcomeOf, statusOf, type AlertRow } from './alert-row';

export interface AlertListFilter {
  customerId?: string | undefined;
  statuses?: readonly AlertStatus[] | undefined;
  severities?: readonly Severity[] | undefined;
  /** true: open past the review time; false: everything else. */
  overdue?: boolean | undefined;
  limit: number;
  /** Keyset position: the last alert of the previous page (newest first). */
  after?: { raisedAt: Date; alertId: string } | undefined;
}

interface TransitionRow {
  alert_id: string;
  version: number;
  from_status: string;
  to_status: string;
  outcome: string | null;
  actor: string;
  note: string | null;
  at: Date;
}

/** Read side of the alert API (lists and details), straight from lifecycle's tables. */
export class PostgresAlertQueries {
  private readonly alerts: string;
  private readonly transitions: string;
  private readonly columns: string;
  private readonly reviewHours: number;

  constructor(
    private readonly dataSource: DataSource,
    policy: AlertReviewPolicy = ALERT_REVIEW_POLICY,
  ) {
    this.alerts = qualifiedTableName(dataSource, AlertEntity);
    this.transitions = qualifiedTableName(dataSource, AlertTransitionEntity);
    this.columns = alertColumns('a', policy);
    this.reviewHours = policy.reviewWithinHours;
  }

  /** Newest first (raised_at DESC, alert_id ASC), `limit` rows after the cursor. */
  async list(filter: AlertListFilter, now: Date): Promise<AlertRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (filter.customerId !== undefined) where.push(`a.customer_id = ${param(filter.customerId)}`);
    if (filter.statuses !== undefined)
      where.push(`a.status = ANY(${param([...filter.statuses])}::text[])`);
    if (filter.severities !== undefined)
      where.push(`a.severity = ANY(${param([...filter.severities])}::text[])`);
    if (filter.overdue !== undefined) {
      const overdue = `(a.status = 'open' AND COALESCE(a.review_due_at, a.raised_at + interval '1 hour' * ${param(this.reviewHours)}::double precision) <= ${param(now)})`;
      where.push(filter.overdue ? overdue : `NOT ${overdue}`);
    }
    if (filter.after !== undefined) {
      const raisedAt = param(filter.after.raisedAt);
      where.push(
        `(a.raised_at < ${raisedAt} OR (a.raised_at = ${raisedAt} AND a.alert_id > ${param(filter.after.alertId)}))`,
      );
    }
    return (await this.dataSource.query(
      `SELECT ${this.columns} FROM ${this.alerts} a
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.raised_at DESC, a.alert_id ASC
       LIMIT ${param(filter.limit)}`,
      params,
    )) as AlertRow[];
  }

  async get(alertId: string): Promise<{ row: AlertRow; history: AlertTransitionRecord[] } | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${this.columns} FROM ${this.alerts} a WHERE a.alert_id = $1`,
      [alertId],
    )) as AlertRow[];
    const row = rows[0];
    if (row === undefined) return null;
    const history = (await this.dataSource.query(
      `SELECT alert_id, version, from_status, to_status, outcome, actor, note, at
       FROM ${this.transitions} WHERE alert_id = $1 ORDER BY version`,
      [alertId],
    )) as TransitionRow[];
    return {
      row,
      history: history.map((h) => ({
        alertId: h.alert_id,
        version: h.version,
        from: statusOf(h.from_status),
        to: statusOf(h.to_status),
        outcome: outcomeOf(h.outcome),
        actor: h.actor,
        note: h.note,
        at: h.at,
      })),
    };
  }
}
