import type { ContactEvent } from '@cip/contracts';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import type { CustomerProfile } from '../severity/value-profile';
import type { AbsenceTimerPlan } from '../timers/absence-timer';
import { planAbsenceTimers } from '../timers/plan-absence-timers';
import { matchedFields, matchesEvent, type EventMatcher } from '../triggers/event-matcher';
import { contactEventSignal } from '../triggers/lifecycle-signal';
import { matchesCondition } from '../triggers/match-condition';
import { describeDuration, durationMs } from '../triggers/trigger-duration';
import type { ProfileSource } from './batch-lookups';
import type { CooldownLookup } from './cooldown.port';
import { EventCountOverlay } from './event-count-overlay';
import type {
  EventCountHit,
  EventCountLookup,
  EventCountWindow,
  StoredEventCountHit,
} from './event-count.port';
import { sortedById } from './evaluate-triggers';
import { fireCandidates, type FiringCandidate } from './fire-candidates';
import type { FiredTrigger } from './fired-trigger';
import type { FiringCause } from './firing-cause';

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

export interface ContactEventsContext {
  cooldown: CooldownLookup;
  /** Or the stored hits already read (the use case reads them alongside the inbox). */
  counts: EventCountLookup | { stored: readonly StoredEventCountHit[] };
  now: Date;
  /** Read once per batch, for the customers with a firing only. */
  profiles?: ProfileSource;
}

/** One contact event: the batch evaluation with a batch of one. */
export async function evaluateContactEvent(
  event: ContactEvent,
  definitions: readonly TriggerDefinition[],
  context: ContactEventContext,
): Promise<ContactEventEvaluation> {
  const [evaluation] = await evaluateContactEvents([event], definitions, {
    ...context,
    profiles: { profileOf: () => context.profileOf() },
  });
  return evaluation ?? { fired: [], hits: [], timers: { cancel: [], arm: [] } };
}

/**
 * Contact events (distinct ids, in offset order) against the catalog: `event` triggers fire on a
 * match, `event-count` triggers when this match brings the window's count to `atLeast`, absence
 * triggers arm or cancel timers. Each event sees the hits and firings of the batch's earlier
 * events exactly as if they had been recorded one by one; the stored state is read once.
 */
export async function evaluateContactEvents(
  events: readonly ContactEvent[],
  definitions: readonly TriggerDefinition[],
  context: ContactEventsContext,
): Promise<ContactEventEvaluation[]> {
  const enabled = sortedById(definitions).filter((d) => d.enabled);
  const counts = new EventCountOverlay(
    'stored' in context.counts
      ? context.counts.stored
      : await readPriorHits(context.counts, events, enabled),
  );
  const matched = events.map((event) => {
    const result = matchContactEvent(event, enabled, counts);
    // Recorded after the event's own evaluation, as the one-by-one path records it.
    for (const hit of result.hits) counts.add(hit);
    return result;
  });
  const fired = await fireCandidates(
    matched.map((m) => m.candidates),
    context,
  );
  return matched.map((m, i) => ({
    fired: fired[i] ?? [],
    hits: m.hits,
    timers: planAbsenceTimers(enabled, m.event),
  }));
}

/** The stored hits the batch's event-count windows need (one read for all). */
export async function readPriorHits(
  counts: EventCountLookup,
  events: readonly ContactEvent[],
  enabled: readonly TriggerDefinition[],
): Promise<StoredEventCountHit[]> {
  const windows = countWindows(events, enabled);
  return windows.length > 0 ? counts.priorHits(windows) : [];
}

function countWindows(
  events: readonly ContactEvent[],
  enabled: readonly TriggerDefinition[],
): EventCountWindow[] {
  const windows: EventCountWindow[] = [];
  for (const event of events) {
    for (const definition of enabled) {
      const condition = definition.condition;
      if (condition.kind !== 'event-count' || !matchesEvent(condition.event, event)) continue;
      windows.push({
        customerId: event.customerId,
        triggerId: definition.id,
        from: new Date(Date.parse(event.occurredAt) - durationMs(condition.within)),
      });
    }
  }
  return windows;
}

interface MatchedContactEvent {
  event: ContactEvent;
  candidates: FiringCandidate[];
  hits: EventCountHit[];
}

function matchContactEvent(
  event: ContactEvent,
  enabled: readonly TriggerDefinition[],
  counts: EventCountOverlay,
): MatchedContactEvent {
  const signal = contactEventSignal(event);
  const at = new Date(event.occurredAt);
  const candidates: FiringCandidate[] = [];
  const hits: EventCountHit[] = [];
  for (const definition of enabled) {
    const condition = definition.condition;
    switch (condition.kind) {
      case 'event':
        if (matchesCondition(condition, signal))
          candidates.push({
            definition,
            cause: eventCause(event, condition.event, event.type, {}),
          });
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
        const count = counts.countPrior(hit, from) + 1;
        if (count < condition.atLeast) break;
        const summary = `${count} × ${condition.event.types.join('/')} within ${describeDuration(condition.within)}`;
        candidates.push({
          definition,
          cause: eventCause(event, condition.event, summary, { matchingEvents: count }),
        });
        break;
      }
      case 'absence': // timers: planned below, fired by the timer use case
      case 'segment-entered':
      case 'segment-exited':
      case 'agent-departed': // fired by the agent-departure worker, never by a contact event
        break;
    }
  }
  return { event, candidates, hits };
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
