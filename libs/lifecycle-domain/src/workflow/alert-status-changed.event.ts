import { ALERT_STATUS_CHANGED, type AlertStatusChangedV1 } from '@cip/contracts';
import { deterministicId } from '../ids/deterministic-id';
import type { AppliedTransition } from './workflow-alert';

/** The `source` of the events lifecycle publishes. */
const SOURCE = 'lifecycle';

/**
 * The public event of one applied transition. The id hashes (alert, version): a transition is
 * written once per version (the row lock and version check see to it), so a re-published copy
 * of the outbox row carries the same id and consumers drop it.
 */
export function alertStatusChangedEvent(applied: AppliedTransition): AlertStatusChangedV1 {
  const { alert, transition } = applied;
  return {
    eventId: deterministicId('alert-status-changed', alert.alertId, String(transition.version)),
    type: ALERT_STATUS_CHANGED,
    version: 1,
    occurredAt: transition.at.toISOString(),
    customerId: alert.customerId,
    // No causationId/correlationId: a person's HTTP request or the sweep's clock caused it, not
    // an event; `payload.alertId` threads an alert's transitions together.
    source: SOURCE,
    payload: {
      alertId: alert.alertId,
      triggerId: alert.triggerId,
      severity: alert.severity,
      from: transition.from,
      to: transition.to,
      alertVersion: transition.version,
      outcome: transition.outcome,
      actor: transition.actor,
      note: transition.note,
      at: transition.at.toISOString(),
    },
  };
}
