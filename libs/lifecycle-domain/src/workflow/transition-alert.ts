import { LifecycleError } from '../lifecycle-error';
import type { AlertOutcome, AlertStatus } from './alert-status';
import { allowedTransitions, type TransitionActorKind } from './alert-transitions.table';
import type { ExpectedAlertVersion } from './transition-request';
import type { AppliedTransition, WorkflowAlert } from './workflow-alert';

/** The actor the expiry sweep records in the history. */
export const EXPIRY_SWEEP_ACTOR = 'system:expiry-sweep';

export interface TransitionCommand {
  to: AlertStatus;
  actor: string;
  by: TransitionActorKind;
  note?: string | undefined;
  outcome?: AlertOutcome | undefined;
  expected?: ExpectedAlertVersion | undefined;
}

/**
 * Applies one transition to an alert, or throws a LifecycleError naming why it is refused.
 * Pure: the caller holds the row lock, so the version check here is the optimistic-concurrency
 * check of the whole request.
 */
export function transitionAlert(
  alert: WorkflowAlert,
  command: TransitionCommand,
  now: Date,
): AppliedTransition {
  checkVersion(alert, command.expected);
  const allowed = allowedTransitions(alert.status, command.by);
  if (!allowed.includes(command.to)) {
    throw new LifecycleError(
      'ILLEGAL_ALERT_TRANSITION',
      `an alert that is ${alert.status} cannot become ${command.to}` +
        (command.to === 'expired' && command.by === 'person'
          ? ' (only the deadline expires an alert)'
          : ''),
      { alertId: alert.alertId, from: alert.status, to: command.to, allowed },
    );
  }
  if (command.to === 'resolved' && command.outcome === undefined) {
    throw new LifecycleError(
      'ALERT_OUTCOME_REQUIRED',
      'resolving an alert needs an outcome: saved, lost or no-action',
      { alertId: alert.alertId },
    );
  }
  if (command.to !== 'resolved' && command.outcome !== undefined) {
    throw new LifecycleError('ALERT_OUTCOME_NOT_ALLOWED', 'only a resolution carries an outcome', {
      alertId: alert.alertId,
      to: command.to,
    });
  }
  // Past the deadline nobody can act on it any more: it is expired, even if the sweep is late.
  if (command.by === 'person' && isPastDeadline(alert, now)) {
    throw new LifecycleError(
      'ALERT_DEADLINE_PASSED',
      `the alert's deadline passed at ${alert.deadline?.toISOString()} without action`,
      { alertId: alert.alertId, deadline: alert.deadline?.toISOString() },
    );
  }
  if (command.by === 'system' && command.to === 'expired' && !isPastDeadline(alert, now)) {
    throw new LifecycleError(
      'ILLEGAL_ALERT_TRANSITION',
      'an alert expires only once its deadline passed',
      { alertId: alert.alertId, deadline: alert.deadline?.toISOString() ?? null },
    );
  }

  const version = alert.version + 1;
  const outcome = command.to === 'resolved' ? (command.outcome ?? null) : null;
  return {
    alert: { ...alert, ...milestone(command.to, now), status: command.to, version, outcome },
    transition: {
      alertId: alert.alertId,
      version,
      from: alert.status,
      to: command.to,
      outcome,
      actor: command.actor,
      note: command.note ?? null,
      at: now,
    },
  };
}

/**
 * Open or acknowledged (nothing done yet) and the deadline passed. Actioned alerts never count:
 * the action happened in time.
 */
export function isPastDeadline(alert: WorkflowAlert, now: Date): boolean {
  return (
    (alert.status === 'open' || alert.status === 'acknowledged') &&
    alert.deadline !== null &&
    alert.deadline.getTime() <= now.getTime()
  );
}

/** The sweep's transition of one alert, or null when it is not due (yet) or already final. */
export function expireIfDue(alert: WorkflowAlert, now: Date): AppliedTransition | null {
  if (!isPastDeadline(alert, now)) return null;
  return transitionAlert(
    alert,
    {
      to: 'expired',
      actor: EXPIRY_SWEEP_ACTOR,
      by: 'system',
      note: `deadline ${alert.deadline?.toISOString()} passed without action`,
    },
    now,
  );
}

function checkVersion(alert: WorkflowAlert, expected: ExpectedAlertVersion | undefined): void {
  if (expected === undefined || expected.version === 'any') return;
  if (expected.version === alert.version) return;
  const details = { alertId: alert.alertId, expected: expected.version, current: alert.version };
  if (expected.via === 'if-match') {
    throw new LifecycleError(
      'ALERT_PRECONDITION_FAILED',
      `If-Match does not name the alert's current version (${alert.version})`,
      details,
    );
  }
  throw new LifecycleError(
    'ALERT_VERSION_CONFLICT',
    `the alert changed since version ${expected.version}; it is now at version ${alert.version}`,
    details,
  );
}

function milestone(to: AlertStatus, now: Date): Partial<WorkflowAlert> {
  switch (to) {
    case 'open':
      return {};
    case 'acknowledged':
      return { acknowledgedAt: now };
    case 'actioned':
      return { actionedAt: now };
    case 'resolved':
      return { resolvedAt: now };
    case 'expired':
      return { expiredAt: now };
  }
}
