import { createHash } from 'node:crypto';
import type { ReasonValue } from '../rules/evaluate-rule';

export type MembershipChangeKind = 'entered' | 'exited';

export interface MembershipReason {
  summary: string;
  values: Record<string, ReasonValue>;
}

/** A flip of one customer's membership in one segment, caused by one event. */
export interface MembershipChange {
  /** Deterministic: see `membershipEventId`. */
  eventId: string;
  customerId: string;
  segmentId: string;
  definitionVersion: number;
  change: MembershipChangeKind;
  triggeringEventId: string;
  /** Evaluation time (ISO), i.e. when the customer's history made the flip happen. */
  at: string;
  reason: MembershipReason;
  strategy: string;
  /** Set for the exits of a customer merged into another; absent for evaluated flips. */
  cause?: 'merge';
}

/**
 * Same inputs → same id, so a redelivered or reprocessed event republishes the same event
 * (dropped downstream by event id) and never creates a second distinct one.
 */
export function membershipEventId(parts: {
  customerId: string;
  segmentId: string;
  definitionVersion: number;
  triggeringEventId: string;
  change: MembershipChangeKind;
}): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        parts.customerId,
        parts.segmentId,
        parts.definitionVersion,
        parts.triggeringEventId,
        parts.change,
      ]),
    )
    .digest('hex');
  return `segm-${digest.slice(0, 40)}`;
}
