import type { ConditionOutcome } from '../language/evaluate-condition';
import {
  membershipEventId,
  type MembershipChange,
  type MembershipChangeKind,
  type MembershipReason,
} from '../membership/membership-change';

/** Pending changes kept per customer until recorded: a bound against a stuck recorder. */
export const MAX_PENDING_CHANGES = 256;

export interface ChangeParts {
  customerId: string;
  segmentId: string;
  definitionVersion: number;
  triggeringEventId: string;
  change: MembershipChangeKind;
  nowMs: number;
  reason: MembershipReason;
  strategy: string;
  cause?: 'merge';
}

/** A membership change with its deterministic id (same inputs → same event id). */
export function membershipChange(parts: ChangeParts): MembershipChange {
  const ids = {
    customerId: parts.customerId,
    segmentId: parts.segmentId,
    definitionVersion: parts.definitionVersion,
    triggeringEventId: parts.triggeringEventId,
    change: parts.change,
  };
  return {
    ...ids,
    eventId: membershipEventId(ids),
    at: new Date(parts.nowMs).toISOString(),
    reason: parts.reason,
    strategy: parts.strategy,
    ...(parts.cause ? { cause: parts.cause } : {}),
  };
}

export function reasonOf(outcome: ConditionOutcome): MembershipReason {
  return { summary: outcome.summary, values: outcome.values };
}

export const RETIRED_REASON: MembershipReason = { summary: 'segment retired', values: {} };

export function mergedReason(survivorId: string): MembershipReason {
  return { summary: `merged into ${survivorId}`, values: { mergedInto: survivorId } };
}

/** Appends to the pending list, dropping the oldest beyond the bound. */
export function appendPending(
  pending: readonly MembershipChange[],
  changes: readonly MembershipChange[],
): MembershipChange[] {
  if (changes.length === 0) return pending as MembershipChange[];
  const next = [...pending, ...changes];
  return next.length > MAX_PENDING_CHANGES ? next.slice(-MAX_PENDING_CHANGES) : next;
}

/** The pending changes a trigger produced (what a redelivery republishes). */
export function pendingOf(
  pending: readonly MembershipChange[],
  triggeringEventId: string,
): MembershipChange[] {
  return pending.filter((change) => change.triggeringEventId === triggeringEventId);
}
