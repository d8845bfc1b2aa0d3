import type { ContactEvent, SegmentMembershipChangedV1 } from '@cip/contracts';

/**
 * What a trigger is evaluated against: a segment membership change or a contact event. Absence
 * timers coming due are not signals: they fire the trigger that armed them (timers/).
 */
export type LifecycleSignal =
  | { kind: 'membership-changed'; event: SegmentMembershipChangedV1 }
  | { kind: 'contact-event'; event: ContactEvent };

export function membershipSignal(event: SegmentMembershipChangedV1): LifecycleSignal {
  return { kind: 'membership-changed', event };
}

export function contactEventSignal(event: ContactEvent): LifecycleSignal {
  return { kind: 'contact-event', event };
}
