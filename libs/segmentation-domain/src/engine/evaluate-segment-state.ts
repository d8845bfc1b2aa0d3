import type { CustomerFeatures } from '../features/customer-features';
import type { CustomerSegmentState } from './customer-segment-state';
import { evaluateMemberships } from './evaluate-memberships';
import { appendPending } from './membership-changes';
import { nextDueOf } from './next-due';
import type { SegmentCatalog } from './segment-catalog';
import type { EngineOutcome } from './segment-engine';

/**
 * Evaluates (touched or all) segments on new features, records the flips as pending and moves
 * the timer. Every segment is evaluated when `touched` is undefined, when the state was last
 * evaluated under another catalog, or when its timer is due: only then can a segment whose
 * inputs the event did not touch have changed.
 */
export function evaluateSegmentState(
  current: CustomerSegmentState,
  features: CustomerFeatures,
  catalog: SegmentCatalog,
  nowMs: number,
  triggeringEventId: string,
  touched: Uint8Array | undefined,
): EngineOutcome {
  const full =
    touched === undefined ||
    current.catalogKey !== catalog.key ||
    (current.nextDueMs !== null && current.nextDueMs <= nowMs);
  const result = evaluateMemberships({
    customerId: features.customerId,
    features,
    memberships: current.memberships,
    catalog,
    nowMs,
    triggeringEventId,
    touched: full ? undefined : touched,
  });
  const nextDueMs = nextDueOf({
    features,
    catalog,
    nowMs,
    isMember: result.isMember,
    results: result.results,
    ...(full ? {} : { only: result.evaluated, previous: current.nextDueMs }),
  });
  const state: CustomerSegmentState = {
    ...current,
    features,
    memberships: result.memberships,
    nextDueMs,
    pending: appendPending(current.pending, result.changes),
    catalogKey: catalog.key,
  };
  return { state, changes: result.changes, duplicate: false };
}
