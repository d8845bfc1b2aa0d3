import type { Severity } from '@cip/contracts';
import type { AlertOutcome, AlertStatus } from './alert-status';

/** An alert as the workflow sees it. `version` grows by one per transition (the ETag). */
export interface WorkflowAlert {
  alertId: string;
  customerId: string;
  triggerId: string;
  severity: Severity;
  status: AlertStatus;
  version: number;
  raisedAt: Date;
  /** Time to act, from the trigger; null = the alert never expires. */
  deadline: Date | null;
  reviewDueAt: Date;
  acknowledgedAt: Date | null;
  actionedAt: Date | null;
  resolvedAt: Date | null;
  expiredAt: Date | null;
  outcome: AlertOutcome | null;
}

/** One row of an alert's history: every transition, who made it, when and why. */
export interface AlertTransitionRecord {
  alertId: string;
  /** The alert's version after this transition. */
  version: number;
  from: AlertStatus;
  to: AlertStatus;
  outcome: AlertOutcome | null;
  actor: string;
  note: string | null;
  at: Date;
}

export interface AppliedTransition {
  alert: WorkflowAlert;
  transition: AlertTransitionRecord;
}
