import { hash } from 'node:crypto';
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
  // One-shot hash: half the cost of a Hash object, and this runs for every membership change.
  const digest = hash(
    'sha256',
    JSON.stringify([
      parts.customerId,
      parts.segmentId,
      parts.definitionVersion,
      parts.triggeringEventId,
      parts.change,
    ]),
    'hex',
  );
  return `segm-${digest.slice(0, 40)}`;
}
