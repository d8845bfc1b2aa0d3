import type { ContactEvent } from '@cip/contracts';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import { deterministicId } from '../ids/deterministic-id';
import { durationMs } from '../triggers/trigger-duration';
import { matchesEvent, payloadKey } from '../triggers/event-matcher';
import type { AbsenceTimerPlan } from './absence-timer';

/**
 * The timers a contact event arms and cancels across the absence triggers. An event can do both
 * for one trigger (a purchase answers the previous purchase's timer and arms its own): the
 * cancellation excludes timers armed by the event itself. An event missing the correlation field
 * neither arms nor cancels (it cannot be paired).
 */
export function planAbsenceTimers(
  definitions: readonly TriggerDefinition[],
  event: ContactEvent,
): AbsenceTimerPlan {
  const plan: AbsenceTimerPlan = { cancel: [], arm: [] };
  const at = new Date(event.occurredAt);
  for (const definition of definitions) {
    const condition = definition.condition;
    if (!definition.enabled || condition.kind !== 'absence') continue;
    const keyOf = (): string | undefined =>
      condition.correlateOn === undefined ? '' : payloadKey(event, condition.correlateOn);

    if (matchesEvent(condition.missing, event)) {
      const correlationKey = keyOf();
      if (correlationKey !== undefined) {
        plan.cancel.push({
          customerId: event.customerId,
          triggerId: definition.id,
          correlationKey,
          resolvedByEventId: event.eventId,
          resolvedAt: at,
        });
      }
    }
    if (matchesEvent(condition.after, event)) {
      const correlationKey = keyOf();
      if (correlationKey !== undefined) {
        plan.arm.push({
          timerId: deterministicId('absence-timer', event.customerId, definition.id, event.eventId),
          customerId: event.customerId,
          triggerId: definition.id,
          correlationKey,
          armedByEventId: event.eventId,
          armedByEventType: event.type,
          correlationId: event.correlationId ?? event.eventId,
          armedAt: at,
          dueAt: new Date(at.getTime() + durationMs(condition.within)),
          armOnce: condition.armOnce ?? false,
        });
      }
    }
  }
  return plan;
}
