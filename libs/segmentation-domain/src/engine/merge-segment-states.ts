import { SegmentationError } from '../definitions/segment-definition';
import { emptyCustomerFeatures, type CustomerFeatures } from '../features/customer-features';
import { pruneFeatures } from '../features/prune-features';
import type { CustomerSegmentState } from './customer-segment-state';
import { appendPending, membershipChange, mergedReason, pendingOf } from './membership-changes';
import { mergeCustomerFeatures } from './merge-customer-features';
import type { SegmentCatalog } from './segment-catalog';
import { evaluateSegmentState } from './evaluate-segment-state';
import { emptySegmentState, type EngineOutcome, type SegmentTrigger } from './segment-engine';

export interface MergeSegmentStatesInput {
  survivorId: string;
  survivor: CustomerSegmentState | undefined;
  /** Same order as `mergedIds`; undefined = no state under that id. */
  merged: ReadonlyArray<CustomerSegmentState | undefined>;
  mergedIds: readonly string[];
  catalog: SegmentCatalog;
  nowMs: number;
  trigger: SegmentTrigger;
}

/**
 * customer.merged: the survivor's features combined with each merged id's, re-evaluated in
 * full; each merged id becomes a tombstone (`mergedInto`, features emptied, memberships closed
 * by exits with cause 'merge'). Emptying the tombstones makes a redelivered merge add nothing:
 * a merged id already pointing at the survivor contributes no features and returns its pending
 * exits again. The caller writes the survivor and the tombstones in one transaction.
 */
export function mergeSegmentStates(input: MergeSegmentStatesInput): {
  survivor: EngineOutcome;
  merged: EngineOutcome[];
} {
  const { survivorId, catalog, nowMs, trigger } = input;
  if (input.merged.length !== input.mergedIds.length)
    throw new SegmentationError('MERGE_INPUT_MISMATCH', 'one state per merged id is expected');
  const survivor = input.survivor ?? emptySegmentState(survivorId);
  checkOwner(survivor, survivorId);
  if (survivor.mergedInto !== undefined)
    throw new SegmentationError('CUSTOMER_MERGED', 'the survivor was itself merged', {
      customerId: survivorId,
      mergedInto: survivor.mergedInto,
    });
  const folded: CustomerFeatures[] = [];
  const merged = input.mergedIds.map((mergedId, i): EngineOutcome => {
    if (mergedId === survivorId)
      throw new SegmentationError('MERGE_INTO_ITSELF', 'a customer cannot be merged into itself');
    const state = input.merged[i] ?? emptySegmentState(mergedId);
    checkOwner(state, mergedId);
    if (state.mergedInto === survivorId)
      return { state, changes: pendingOf(state.pending, trigger.eventId), duplicate: true };
    if (state.mergedInto !== undefined)
      throw new SegmentationError('CUSTOMER_MERGED', 'merged id was merged into another', {
        customerId: mergedId,
        mergedInto: state.mergedInto,
      });
    folded.push(state.features);
    return tombstone(state, mergedId, input);
  });
  if (folded.length === 0) {
    return {
      survivor: {
        state: survivor,
        changes: pendingOf(survivor.pending, trigger.eventId),
        duplicate: true,
      },
      merged,
    };
  }
  const features = pruneFeatures(
    mergeCustomerFeatures(survivor.features, folded, catalog.spec.dedupeRing),
    catalog.spec,
    nowMs,
  );
  return {
    survivor: evaluateSegmentState(survivor, features, catalog, nowMs, trigger.eventId, undefined),
    merged,
  };
}

function tombstone(
  state: CustomerSegmentState,
  mergedId: string,
  input: MergeSegmentStatesInput,
): EngineOutcome {
  const { catalog, nowMs, survivorId, trigger } = input;
  const changes = Object.keys(state.memberships)
    .sort()
    .map((segmentId) =>
      membershipChange({
        customerId: mergedId,
        segmentId,
        definitionVersion: state.memberships[segmentId]!,
        triggeringEventId: trigger.eventId,
        change: 'exited',
        nowMs,
        reason: mergedReason(survivorId),
        strategy: catalog.byId.get(segmentId)?.segment.strategy ?? '',
        cause: 'merge',
      }),
    );
  const features: CustomerFeatures = {
    ...emptyCustomerFeatures(mergedId),
    clockMs: state.features.clockMs,
    // Still the compare-and-set sequence of this id's hash: it must move forward.
    applied: state.features.applied + 1,
  };
  return {
    state: {
      features,
      memberships: {},
      nextDueMs: null,
      pending: appendPending(state.pending, changes),
      mergedInto: survivorId,
      catalogKey: catalog.key,
    },
    changes,
    duplicate: false,
  };
}

function checkOwner(state: CustomerSegmentState, customerId: string): void {
  if (state.features.customerId !== customerId)
    throw new SegmentationError('CUSTOMER_MISMATCH', 'state belongs to another customer', {
      customerId,
      stateOf: state.features.customerId,
    });
}
