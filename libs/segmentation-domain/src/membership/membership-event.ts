import { SEGMENT_MEMBERSHIP_CHANGED, type SegmentMembershipChangedV1 } from '@cip/contracts';
import type { MembershipChange } from './membership-change';

/** Builds the `segment.membership.changed` v1 event for a change caused by `trigger`. */
export function toMembershipChangedEvent(
  change: MembershipChange,
  trigger: { eventId: string; correlationId?: string | undefined },
): SegmentMembershipChangedV1 {
  return {
    eventId: change.eventId,
    type: SEGMENT_MEMBERSHIP_CHANGED,
    version: 1,
    occurredAt: change.at,
    customerId: change.customerId,
    source: 'segmentation',
    // The chain keeps its original correlation; a trigger without one starts the chain itself.
    correlationId: trigger.correlationId ?? trigger.eventId,
    causationId: trigger.eventId,
    payload: {
      segmentId: change.segmentId,
      definitionVersion: change.definitionVersion,
      change: change.change,
      triggeringEventId: change.triggeringEventId,
      reason: change.reason,
      strategy: change.strategy.slice(0, 200),
      ...(change.cause ? { cause: change.cause } : {}),
    },
  };
}
