import { SegmentationError } from '../definitions/segment-definition';
import { applyProfileChangeToFeatures, type ProfileChange } from '../features/apply-to-features';
import { emptyCustomerFeatures } from '../features/customer-features';
import type { FeatureEvent } from '../features/feature-series';
import { pruneFeatures } from '../features/prune-features';
import type { MembershipChange } from '../membership/membership-change';
import { applyEventIncrementally } from './apply-event-incrementally';
import type { CustomerSegmentState } from './customer-segment-state';
import { evaluateSegmentState } from './evaluate-segment-state';
import { pendingOf } from './membership-changes';
import { takeFlags } from './position-flags';
import type { SegmentCatalog } from './segment-catalog';

/** What caused a re-evaluation with no new fact: its id names the membership changes it causes. */
export interface SegmentTrigger {
  eventId: string;
  correlationId?: string | undefined;
}

export interface EngineOutcome {
  state: CustomerSegmentState;
  /** Flips to publish; for a duplicate, the pending ones the first delivery produced. */
  changes: MembershipChange[];
  duplicate: boolean;
}

export function emptySegmentState(customerId: string): CustomerSegmentState {
  return {
    features: emptyCustomerFeatures(customerId),
    memberships: {},
    nextDueMs: null,
    pending: [],
  };
}

/**
 * Applies one contact event and re-evaluates the segments reading a series it matched (all of
 * them when the state's timer is due or it was evaluated under another catalog). Throws
 * SegmentationError 'CUSTOMER_MERGED' on a tombstone: the caller routes to the survivor first.
 */
export function applyContactEvent(
  state: CustomerSegmentState | undefined,
  event: FeatureEvent & { correlationId?: string },
  catalog: SegmentCatalog,
  nowMs: number,
): EngineOutcome {
  const current = admit(state, event.customerId, event.eventId);
  const sameSpec = current.catalogKey === catalog.key;
  const applied = applyEventIncrementally(current.features, event, catalog, sameSpec, nowMs);
  if (applied.duplicate) return duplicateOf(current, event.eventId);
  const touched = takeFlags('touched', catalog.ordered.length);
  for (const series of applied.matched) {
    for (const position of catalog.readersOfSeries.get(series.key) ?? []) touched[position] = 1;
  }
  return evaluateSegmentState(current, applied.features, catalog, nowMs, event.eventId, touched);
}

/** Same as `applyContactEvent` for a profile change (segments reading a changed attribute). */
export function applyProfileChange(
  state: CustomerSegmentState | undefined,
  change: ProfileChange,
  catalog: SegmentCatalog,
  nowMs: number,
): EngineOutcome {
  const current = admit(state, change.customerId, change.eventId);
  const applied = applyProfileChangeToFeatures(current.features, change, catalog.spec, nowMs);
  if (applied.duplicate) return duplicateOf(current, change.eventId);
  const touched = takeFlags('touched', catalog.ordered.length);
  for (const { field } of change.changes) {
    const readers = catalog.readersOfProfile.get(field.replace(/^\//, ''));
    for (const position of readers ?? []) touched[position] = 1;
  }
  return evaluateSegmentState(current, applied.features, catalog, nowMs, change.eventId, touched);
}

/**
 * Timer fired, definition activated/edited/retired, quantile tables recomputed: no new fact,
 * every segment is re-evaluated at `nowMs` (features pruned to it). A trigger whose changes are
 * still pending is a redelivery: they are returned again and nothing else happens.
 */
export function reevaluateCustomer(
  state: CustomerSegmentState,
  catalog: SegmentCatalog,
  nowMs: number,
  trigger: SegmentTrigger,
): EngineOutcome {
  const current = admit(state, state.features.customerId, trigger.eventId);
  if (current.pending.some((c) => c.triggeringEventId === trigger.eventId))
    return duplicateOf(current, trigger.eventId);
  const features = pruneFeatures(current.features, catalog.spec, nowMs);
  return evaluateSegmentState(current, features, catalog, nowMs, trigger.eventId, undefined);
}

/** Drops the pending entries whose change eventId is in `recorded` (after the durable write). */
export function withoutRecorded(
  state: CustomerSegmentState,
  recorded: ReadonlySet<string>,
): CustomerSegmentState {
  const pending = state.pending.filter((change) => !recorded.has(change.eventId));
  return pending.length === state.pending.length ? state : { ...state, pending };
}

function admit(
  state: CustomerSegmentState | undefined,
  customerId: string,
  eventId: string,
): CustomerSegmentState {
  const current = state ?? emptySegmentState(customerId);
  if (current.mergedInto !== undefined) {
    throw new SegmentationError('CUSTOMER_MERGED', 'customer was merged: route to the survivor', {
      customerId,
      mergedInto: current.mergedInto,
      eventId,
    });
  }
  return current;
}

function duplicateOf(current: CustomerSegmentState, eventId: string): EngineOutcome {
  return { state: current, changes: pendingOf(current.pending, eventId), duplicate: true };
}
