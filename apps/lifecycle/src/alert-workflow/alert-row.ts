import { severitySchema } from '@cip/contracts';
import {
  ALERT_OUTCOMES,
  ALERT_STATUSES,
  type AlertOutcome,
  type AlertReviewPolicy,
  type AlertStatus,
  type WorkflowAlert,
} from '@cip/lifecycle-domain';

/** An `alert` row as selected by `alertColumns` (snake case, timestamps as Dates). */
export interface AlertRow {
  alert_id: string;
  customer_id: string;
  trigger_id: string;
  severity: string;
  status: string;
  reason: string;
  evidence: Record<string, unknown>;
  suggested_strategy: string;
  value_tier: string;
  raised_at: Date;
  deadline: Date | null;
  version: number;
  review_due_at: Date;
  acknowledged_at: Date | null;
  actioned_at: Date | null;
  resolved_at: Date | null;
  expired_at: Date | null;
  outcome: string | null;
}

/**
 * The select list of an alert. Rows raised before the review time was stored (or not stamped
 * yet by the sweep) get it from the policy, so reads never depend on the stamp having run.
 */
export function alertColumns(alias: string, policy: AlertReviewPolicy): string {
  const hours = Number(policy.reviewWithinHours);
  if (!Number.isFinite(hours) || hours <= 0) throw new RangeError('invalid review window');
  return [
    'alert_id',
    'customer_id',
    'trigger_id',
    'severity',
    'status',
    'reason',
    'evidence',
    'suggested_strategy',
    'value_tier',
    'raised_at',
    'deadline',
    'version',
    'acknowledged_at',
    'actioned_at',
    'resolved_at',
    'expired_at',
    'outcome',
  ]
    .map((column) => `${alias}.${column}`)
    .concat(
      `COALESCE(${alias}.review_due_at, ${alias}.raised_at + interval '1 hour' * ${hours}) AS review_due_at`,
    )
    .join(', ');
}

export function toWorkflowAlert(row: AlertRow): WorkflowAlert {
  return {
    alertId: row.alert_id,
    customerId: row.customer_id,
    triggerId: row.trigger_id,
    severity: severitySchema.parse(row.severity),
    status: statusOf(row.status),
    version: row.version,
    raisedAt: row.raised_at,
    deadline: row.deadline,
    reviewDueAt: row.review_due_at,
    acknowledgedAt: row.acknowledged_at,
    actionedAt: row.actioned_at,
    resolvedAt: row.resolved_at,
    expiredAt: row.expired_at,
    outcome: outcomeOf(row.outcome),
  };
}

export function statusOf(value: string): AlertStatus {
  const status = ALERT_STATUSES.find((s) => s === value);
  if (status === undefined) throw new TypeError(`unknown alert status ${value}`);
  return status;
}

export function outcomeOf(value: string | null): AlertOutcome | null {
  if (value === null) return null;
  const outcome = ALERT_OUTCOMES.find((o) => o === value);
  if (outcome === undefined) throw new TypeError(`unknown alert outcome ${value}`);
  return outcome;
}
