import type { ContactEvent } from '@cip/contracts';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import type { CustomerProfile } from '../severity/value-profile';
import type { AbsenceTimerPlan } from '../timers/absence-timer';
import { planAbsenceTimers } from '../timers/plan-absence-timers';
import { matchedFields, matchesEvent, type EventMatcher } from '../triggers/event-matcher';
import { contactEventSignal } from '../triggers/lifecycle-signal';
import { matchesCondition } from '../triggers/match-condition';
import { describeDuration, durationMs } from '../triggers/trigger-duration';
import { fireUnlessCooling } from './build-firing';
import type { CooldownLookup } from './cooldown.port';
import type { EventCountHit, EventCountLookup } from './event-count.port';
import type { FiredTrigger } from './fired-trigger';
import type { FiringCause } from './firing-cause';
import { sortedById } from './evaluate-triggers';

export interface ContactEventEvaluation {
  fired: FiredTrigger[];
  /** Hits to store with the inbox row (they count for later events). */
  hits: EventCountHit[];
  timers: AbsenceTimerPlan;
}

export interface ContactEventContext {
  cooldown: CooldownLookup;
  counts: EventCountLookup;
  now: Date;
  /** Read only when something fires: most contact events fire nothing. */
  profileOf: () => Promise<CustomerProfile>;
}

/**
 * One contact event against the catalog: `event` triggers fire on a match, `event-count` triggers
 * when this match brings the window's count to `atLeast`, absence triggers arm or cancel timers.
 */
export async function evaluateContactEvent(
  event: ContactEvent,
  definitions: readonly TriggerDefinition[],
  context: ContactEventContext,
): Promise<ContactEventEvaluation> {
  const enabled = sortedById(definitions).filter((d) => d.enabled);
  const signal = contactEventSignal(event);
  const at = new Date(event.occurredAt);
  const fired: FiredTrigger[] = [];
  const hits: EventCountHit[] = [];
  let profile: Promise<CustomerProfile> | undefined;
  const fire = async (definition: TriggerDefinition, cause: FiringCause) => {
    profile ??= context.profileOf();
    const firing = await fireUnlessCooling(
      cause,
      definition,
      context.cooldown,
      context.now,
      await profile,
    );
    if (firing) fired.push(firing);
  };

  for (const definition of enabled) {
    const condition = definition.condition;
    switch (condition.kind) {
      case 'event':
        if (matchesCondition(condition, signal))
          await fire(definition, eventCause(event, condition.event, event.type, {}));
        break;
      case 'event-count': {
        if (!matchesEvent(condition.event, event)) break;
        const from = new Date(at.getTime() - durationMs(condition.within));
        const hit: EventCountHit = {
          customerId: event.customerId,
          triggerId: definition.id,
          eventId: event.eventId,
          occurredAt: at,
          expiredBefore: from,
        };
        hits.push(hit);
        const count = (await context.counts.countPrior(hit, from)) + 1;
        if (count < condition.atLeast) break;
        const summary = `${count} × ${condition.event.types.join('/')} within ${describeDuration(condition.within)}`;
        await fire(
          definition,
          eventCause(event, condition.event, summary, { matchingEvents: count }),
        );
        break;
      }
      case 'absence': // timers: planned below, fired by the timer use case
      case 'segment-entered':
      case 'segment-exited':
        break;
    }
  }
  return { fired, hits, timers: planAbsenceTimers(enabled, event) };
}

function eventCause(
  event: ContactEvent,
  matcher: EventMatcher,
  summary: string,
  extra: FiringCause['evidence'],
): FiringCause {
  const fields = matchedFields(matcher, event);
  const detail = Object.entries(fields)
    .map(([field, value]) => `${field}=${String(value)}`)
    .join(', ');
  return {
    customerId: event.customerId,
    causingId: event.eventId,
    correlationId: event.correlationId ?? event.eventId,
    at: new Date(event.occurredAt),
    summary: detail.length > 0 ? `${summary} (${detail})` : summary,
    // Only the fields the trigger filters on: free-text payload fields may hold personal data.
    evidence: { ...fields, ...extra, eventType: event.type, contactEventId: event.eventId },
  };
}
