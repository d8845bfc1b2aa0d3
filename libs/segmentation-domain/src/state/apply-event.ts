import { InvalidInputError } from '@cip/contracts';
import { SegmentationError, type SegmentDefinition } from '../definitions/segment-definition';
import {
  membershipEventId,
  type MembershipChange,
  type MembershipReason,
} from '../membership/membership-change';
import { evaluateRule } from '../rules/evaluate-rule';
import { collectWindowRequirements, type WindowRequirements } from '../rules/rule-requirements';
import {
  emptyCustomerState,
  STATE_LIMITS,
  type CustomerState,
  type MembershipRecord,
} from './customer-state';
import { retainEvents } from './retain-events';
import { stateRuleContext } from './state-rule-context';

/** The parts of a contact event the segment state needs. */
export interface AppliedEvent {
  eventId: string;
  customerId: string;
  type: string;
  /** ISO timestamp with offset. */
  occurredAt: string;
}

export interface ApplyOutcome {
  newState: CustomerState;
  /** Membership flips caused by this event, ordered by segment id. Empty for a duplicate. */
  changes: MembershipChange[];
  duplicate: boolean;
  /**
   * For a duplicate still in the recent set: the changes its first application produced. If the
   * pipeline crashed after updating state but before publishing/recording, these are redone
   * (same deterministic ids) instead of being lost.
   */
  replayedChanges: MembershipChange[];
}

/**
 * Applies one event to a customer's state and evaluates the active definitions. Pure.
 *
 * Evaluation time `now` = the later of the event's occurredAt and the customer's last event time.
 * It is derived from event time only (never the wall clock), so replaying a history gives the
 * same result whenever it runs, and a late (out-of-order) event is counted in the windows as of the
 * customer's newest event. Windows therefore slide only when events arrive; time-driven exits
 * are the job of timer ticks, which go through this same function.
 */
export function applyEvent(
  state: CustomerState | undefined,
  event: AppliedEvent,
  definitions: readonly SegmentDefinition[],
): ApplyOutcome {
  const current = state ?? emptyCustomerState(event.customerId);
  if (current.customerId !== event.customerId) {
    throw new SegmentationError('CUSTOMER_MISMATCH', 'event applied to another customer state', {
      eventId: event.eventId,
    });
  }
  if (current.mergedInto !== undefined) {
    // The caller routes it to the survivor (see `routeContactEvent`); applying here would lose it.
    throw new SegmentationError('CUSTOMER_MERGED', 'event applied to a merged customer state', {
      eventId: event.eventId,
    });
  }
  const occurredMs = Date.parse(event.occurredAt);
  if (!Number.isFinite(occurredMs)) {
    throw new InvalidInputError('INVALID_OCCURRED_AT', 'occurredAt is not a timestamp', {
      eventId: event.eventId,
    });
  }

  const recentRecord = current.recent.find((r) => r.eventId === event.eventId);
  const storedAlready = (current.events[event.type] ?? []).some(([, id]) => id === event.eventId);
  if (recentRecord || storedAlready) {
    return {
      newState: current,
      changes: [],
      duplicate: true,
      replayedChanges: recentRecord?.changes ?? [],
    };
  }

  const nowMs = Math.max(occurredMs, current.lastEventAtMs ?? occurredMs);
  const requirements = requirementsOf(definitions);
  const withEvent: CustomerState = {
    ...current,
    version: current.version + 1,
    lastEventAtMs: nowMs,
    events: retainEvents(
      [current.events, { [event.type]: [[occurredMs, event.eventId]] }],
      requirements,
      nowMs,
    ),
    totals: { ...current.totals, [event.type]: (current.totals[event.type] ?? 0) + 1 },
  };

  const { memberships, changes } = evaluateMemberships(
    withEvent,
    definitions,
    event.eventId,
    nowMs,
  );
  const recent = [...current.recent, { eventId: event.eventId, changes }].slice(
    -STATE_LIMITS.recentEventIds,
  );
  return {
    newState: { ...withEvent, memberships, recent },
    changes,
    duplicate: false,
    replayedChanges: [],
  };
}

export function requirementsOf(definitions: readonly SegmentDefinition[]): WindowRequirements {
  const requirements: WindowRequirements = new Map();
  for (const definition of definitions) collectWindowRequirements(definition.rule, requirements);
  return requirements;
}

/**
 * Evaluates every active definition at `nowMs` and diffs with the current memberships.
 * Memberships of segments that are not active any more are left as they are: retiring a segment
 * (and publishing the exits) is a separate, explicit operation.
 */
export function evaluateMemberships(
  state: CustomerState,
  definitions: readonly SegmentDefinition[],
  triggeringEventId: string,
  nowMs: number,
  /** Rewords the rule's reason, e.g. to say that a merge caused the flip. */
  describe: (reason: MembershipReason) => MembershipReason = (reason) => reason,
): { memberships: Record<string, MembershipRecord>; changes: MembershipChange[] } {
  const context = stateRuleContext(state, nowMs);
  const memberships = { ...state.memberships };
  const changes: MembershipChange[] = [];
  const at = new Date(nowMs).toISOString();
  const ordered = [...definitions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const definition of ordered) {
    const outcome = evaluateRule(definition.rule, context);
    const member = memberships[definition.id];
    const reason = describe({ summary: outcome.summary, values: outcome.values });
    if (outcome.matched && member && member.definitionVersion !== definition.version) {
      // Still a member under the new version: no flip, nothing to publish.
      memberships[definition.id] = { ...member, definitionVersion: definition.version };
      continue;
    }
    if (outcome.matched === (member !== undefined)) continue;
    const change = outcome.matched ? 'entered' : 'exited';
    const ids = {
      customerId: state.customerId,
      segmentId: definition.id,
      definitionVersion: definition.version,
      triggeringEventId,
      change,
    } as const;
    changes.push({
      ...ids,
      eventId: membershipEventId(ids),
      at,
      reason,
      strategy: definition.strategy,
    });
    if (outcome.matched) {
      memberships[definition.id] = {
        definitionVersion: definition.version,
        enteredAt: at,
        enteredBy: triggeringEventId,
        reason,
      };
    } else {
      delete memberships[definition.id];
    }
  }
  return { memberships, changes };
}
