import { isReviewOverdue, type AlertTransitionRecord } from '@cip/lifecycle-domain';
import { toWorkflowAlert, type AlertRow } from './alert-row';

/** An alert as the API shows it (GET /v1/alerts, GET /v1/alerts/:id). */
export interface AlertView {
  alertId: string;
  customerId: string;
  triggerId: string;
  severity: string;
  status: string;
  reason: string;
  suggestedStrategy: string;
  valueTier: string;
  raisedAt: string;
  deadline: string | null;
  evidence: Record<string, unknown>;
  /** Also the ETag. */
  version: number;
  reviewDueAt: string;
  /** Still open past its review time: a supervisor should look now. */
  reviewOverdue: boolean;
  acknowledgedAt: string | null;
  actionedAt: string | null;
  resolvedAt: string | null;
  expiredAt: string | null;
  outcome: string | null;
}

export interface AlertTransitionView {
  version: number;
  from: string;
  to: string;
  outcome: string | null;
  actor: string;
  note: string | null;
  at: string;
}

export function toAlertView(row: AlertRow, now: Date): AlertView {
  const alert = toWorkflowAlert(row);
  return {
    alertId: row.alert_id,
    customerId: row.customer_id,
    triggerId: row.trigger_id,
    severity: row.severity,
    status: row.status,
    reason: row.reason,
    suggestedStrategy: row.suggested_strategy,
    valueTier: row.value_tier,
    raisedAt: row.raised_at.toISOString(),
    deadline: row.deadline?.toISOString() ?? null,
    evidence: row.evidence,
    version: row.version,
    reviewDueAt: row.review_due_at.toISOString(),
    reviewOverdue: isReviewOverdue(alert, now),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    actionedAt: row.actioned_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    expiredAt: row.expired_at?.toISOString() ?? null,
    outcome: row.outcome,
  };
}

export function toTransitionView(record: AlertTransitionRecord): AlertTransitionView {
  return {
    version: record.version,
    from: record.from,
    to: record.to,
    outcome: record.outcome,
    actor: record.actor,
    note: record.note,
    at: record.at.toISOString(),
  };
}
