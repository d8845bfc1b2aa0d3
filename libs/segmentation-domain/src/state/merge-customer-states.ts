import { InvalidInputError } from '@cip/contracts';
import { SegmentationError, type SegmentDefinition } from '../definitions/segment-definition';
import {
  membershipEventId,
  type MembershipChange,
  type MembershipReason,
} from '../membership/membership-change';
import { evaluateMemberships, requirementsOf } from './apply-event';
import {
  emptyCustomerState,
  STATE_LIMITS,
  type AppliedEventRecord,
  type CustomerState,
} from './customer-state';
import { retainEvents } from './retain-events';

/** The `customer.merged` event being applied. */
export interface MergeTrigger {
  eventId: string;
  survivorId: string;
}

export interface MergeOutcome {
  newState: CustomerState;
  /** Membership flips to publish; for a repeated merge, the ones its first application produced. */
  changes: MembershipChange[];
  /** The merge was applied to this state before: nothing to write, only `changes` to redo. */
  duplicate: boolean;
}

/**
 * Step 1 of a merge, for one merged id: its memberships end (an `exited` each, naming the
 * survivor) and its state becomes a tombstone that keeps its data for step 2 but takes no event
 * any more. Done before folding, so an event racing the merge either lands here first (and is
 * folded) or finds the tombstone (and is routed to the survivor): it cannot fall in between.
 */
export function tombstoneMergedState(
  state: CustomerState | undefined,
  mergedId: string,
  merge: MergeTrigger,
  definitions: readonly SegmentDefinition[],
): MergeOutcome {
  if (mergedId === merge.survivorId) {
    throw new InvalidInputError('MERGE_INTO_ITSELF', 'a customer cannot be merged into itself', {
      eventId: merge.eventId,
    });
  }
  const current = state ?? emptyCustomerState(mergedId);
  if (current.mergedInto !== undefined) {
    const record = current.recent.find((r) => r.eventId === merge.eventId);
    return { newState: current, changes: record?.changes ?? [], duplicate: true };
  }
  const at = new Date(current.lastEventAtMs ?? 0).toISOString();
  const reason: MembershipReason = {
    summary: `merged into ${merge.survivorId}`,
    values: { mergedInto: merge.survivorId },
  };
  const changes = Object.keys(current.memberships)
    .sort()
    .map((segmentId): MembershipChange => {
      const ids = {
        customerId: mergedId,
        segmentId,
        definitionVersion: current.memberships[segmentId]?.definitionVersion ?? 0,
        triggeringEventId: merge.eventId,
        change: 'exited',
      } as const;
      const strategy = definitions.find((d) => d.id === segmentId)?.strategy ?? '';
      return { ...ids, eventId: membershipEventId(ids), at, reason, strategy, cause: 'merge' };
    });
  return {
    newState: {
      ...current,
      version: current.version + 1,
      memberships: {},
      mergedInto: merge.survivorId,
      recent: [...current.recent, { eventId: merge.eventId, changes }].slice(
        -STATE_LIMITS.recentEventIds,
      ),
    },
    changes,
    duplicate: false,
  };
}

/**
 * Step 2 of a merge: folds the merged states into the survivor's as if the survivor had seen
 * their events too, then re-evaluates the survivor's memberships at the combined event time.
 * Pure, and independent of the order of `merged`. Events shared by several states (an event
 * routed twice) count once. `version` is the survivor's sequence for conditional writes, so it
 * moves by one per applied merge like it does per applied event.
 */
export function mergeCustomerStates(
  survivor: CustomerState | undefined,
  merged: readonly CustomerState[],
  definitions: readonly SegmentDefinition[],
  merge: MergeTrigger,
): MergeOutcome {
  const current = survivor ?? emptyCustomerState(merge.survivorId);
  if (current.customerId !== merge.survivorId || current.mergedInto !== undefined) {
    throw new SegmentationError(
      'INVALID_SURVIVOR',
      'merge folded into a state that cannot take it',
      {
        eventId: merge.eventId,
        customerId: current.customerId,
      },
    );
  }
  const done = current.recent.find((r) => r.eventId === merge.eventId);
  if (done) return { newState: current, changes: done.changes, duplicate: true };

  const others = [...merged]
    .filter((state) => state.customerId !== merge.survivorId)
    .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  const all = [current, ...others];
  const times = all.flatMap((s) => (s.lastEventAtMs === null ? [] : [s.lastEventAtMs]));
  const nowMs = times.length > 0 ? Math.max(...times) : null;
  const combined: CustomerState = {
    ...current,
    version: current.version + 1,
    lastEventAtMs: nowMs,
    events:
      nowMs === null
        ? {}
        : retainEvents(
            all.map((s) => s.events),
            requirementsOf(definitions),
            nowMs,
          ),
    totals: combinedTotals(all),
  };

  const mergedIds = others.map((s) => s.customerId);
  const describe = (reason: MembershipReason): MembershipReason => ({
    summary: `${reason.summary} (after merging ${mergedIds.join(', ')} into ${merge.survivorId})`,
    values: { ...reason.values, mergedIds: mergedIds.join(',') },
  });
  const { memberships, changes } =
    nowMs === null
      ? { memberships: current.memberships, changes: [] }
      : evaluateMemberships(combined, definitions, merge.eventId, nowMs, describe);
  return {
    newState: {
      ...combined,
      memberships,
      recent: [
        ...combinedRecent(current, others, merge),
        { eventId: merge.eventId, changes },
      ].slice(-STATE_LIMITS.recentEventIds),
    },
    changes,
    duplicate: false,
  };
}

/** All-time totals summed, minus the events (still retained) that more than one state counted. */
function combinedTotals(states: readonly CustomerState[]): CustomerState['totals'] {
  const totals: CustomerState['totals'] = {};
  const seen = new Map<string, Set<string>>();
  for (const state of states) {
    for (const [type, count] of Object.entries(state.totals)) {
      totals[type] = (totals[type] ?? 0) + count;
    }
    for (const [type, list] of Object.entries(state.events)) {
      const ids = seen.get(type) ?? new Set<string>();
      seen.set(type, ids);
      for (const [, id] of list) {
        if (ids.has(id)) totals[type] = Math.max(0, (totals[type] ?? 0) - 1);
        else ids.add(id);
      }
    }
  }
  return totals;
}

/**
 * The merged states' recent ids keep deduplicating a late redelivery of their events, but without
 * their changes: those concerned the merged ids and were recorded for them already.
 */
function combinedRecent(
  survivor: CustomerState,
  merged: readonly CustomerState[],
  merge: MergeTrigger,
): AppliedEventRecord[] {
  const own = new Set(survivor.recent.map((r) => r.eventId));
  const carried = new Map<string, AppliedEventRecord>();
  for (const state of merged) {
    for (const { eventId } of state.recent) {
      if (eventId !== merge.eventId && !own.has(eventId))
        carried.set(eventId, { eventId, changes: [] });
    }
  }
  return [...carried.values(), ...survivor.recent];
}
