import type { CustomerFeatures } from '../features/customer-features';
import { segmentsChangedSince } from './catalog-lineage';
import type { CustomerSegmentState } from './customer-segment-state';
import { evaluateMemberships } from './evaluate-memberships';
import { appendPending } from './membership-changes';
import { nextDueOf } from './next-due';
import type { SegmentCatalog } from './segment-catalog';
import type { EngineOutcome } from './segment-engine';

/**
 * Evaluates (touched or all) segments on new features, records the flips as pending and moves
 * the timer. A state last evaluated under another catalog also evaluates the segments changed
 * since (`segmentsChangedSince`). Every segment is evaluated when `touched` is undefined, when
 * the earlier catalog is unknown or differs by more than versions, or when the timer is due:
 * only then can a segment whose inputs the event did not touch have changed.
 */
export function evaluateSegmentState(
  current: CustomerSegmentState,
  features: CustomerFeatures,
  catalog: SegmentCatalog,
  nowMs: number,
  triggeringEventId: string,
  touched: Uint8Array | undefined,
): EngineOutcome {
  const stale = current.catalogKey !== catalog.key;
  const changed = stale ? segmentsChangedSince(current.catalogKey, catalog) : undefined;
  const full =
    touched === undefined ||
    (stale && changed === undefined) ||
    (current.nextDueMs !== null && current.nextDueMs <= nowMs);
  const result = evaluateMemberships({
    customerId: features.customerId,
    features,
    memberships: current.memberships,
    catalog,
    nowMs,
    triggeringEventId,
    touched: full ? undefined : changed === undefined ? touched : either(touched, changed),
  });
  const nextDueMs = nextDueOf({
    features,
    catalog,
    nowMs,
    isMember: result.isMember,
    results: result.results,
    probe: result.probe,
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

function either(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! | b[i]!;
  return out;
}
