import type { SegmentMembershipChangedV1 } from '@cip/contracts';

/**
 * What a trigger is evaluated against. Today only membership changes; timer ticks and aggregate
 * updates join as variants without touching the existing ones.
 */
export type LifecycleSignal = { kind: 'membership-changed'; event: SegmentMembershipChangedV1 };

export function membershipSignal(event: SegmentMembershipChangedV1): LifecycleSignal {
  return { kind: 'membership-changed', event };
}
