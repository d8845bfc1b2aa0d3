import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import { z } from 'zod';
import type { SatisfactionLevel, ValueTier } from '../severity/value-profile';

/**
 * A segment whose membership tells lifecycle a customer's value tier or satisfaction (data in
 * lifecycle.profile_segment, seeded with segmentation's built-in ids; edit the rows if the
 * segment ids differ).
 */
export type ProfileSegment =
  | { segmentId: string; dimension: 'value-tier'; value: Exclude<ValueTier, 'unknown'> }
  | { segmentId: string; dimension: 'satisfaction'; value: Exclude<SatisfactionLevel, 'unknown'> };

export const profileSegmentSchema: z.ZodType<ProfileSegment> = z.discriminatedUnion('dimension', [
  z.strictObject({
    segmentId: z.string().min(1).max(100),
    dimension: z.literal('value-tier'),
    value: z.enum(['vip', 'key', 'ordinary', 'small']),
  }),
  z.strictObject({
    segmentId: z.string().min(1).max(100),
    dimension: z.literal('satisfaction'),
    value: z.enum(['high', 'low']),
  }),
]);

/**
 * Defaults seeded by the migration: the value-tier pack (domain.md §3.1) and the value ×
 * satisfaction quadrant (§3.3), whose segments carry the satisfaction half of the map.
 */
export const DEFAULT_PROFILE_SEGMENTS: readonly ProfileSegment[] = [
  { segmentId: 'value-tier.vip', dimension: 'value-tier', value: 'vip' },
  { segmentId: 'value-tier.key', dimension: 'value-tier', value: 'key' },
  { segmentId: 'value-tier.ordinary', dimension: 'value-tier', value: 'ordinary' },
  { segmentId: 'value-tier.small', dimension: 'value-tier', value: 'small' },
  { segmentId: 'value-satisfaction.consolidate', dimension: 'satisfaction', value: 'high' },
  { segmentId: 'value-satisfaction.win-back', dimension: 'satisfaction', value: 'low' },
  { segmentId: 'value-satisfaction.maintain', dimension: 'satisfaction', value: 'high' },
  { segmentId: 'value-satisfaction.let-go', dimension: 'satisfaction', value: 'low' },
];

/**
 * One dimension of a customer's profile set (entered) or withdrawn (exited: back to unknown,
 * only if it still holds this value). Applied only when newer than the dimension's last change,
 * so redeliveries and out-of-order replays cannot roll the profile back.
 */
export interface ProfileUpdate {
  customerId: string;
  dimension: ProfileSegment['dimension'];
  value: ProfileSegment['value'];
  change: 'entered' | 'exited';
  at: Date;
}

export function profileUpdateOf(
  segment: ProfileSegment | undefined,
  change: SegmentMembershipChangedV1,
): ProfileUpdate | undefined {
  if (!segment || segment.segmentId !== change.payload.segmentId) return undefined;
  // A merged-away customer's exits are bookkeeping: the survivor keeps its own profile.
  if (change.payload.cause === 'merge') return undefined;
  return {
    customerId: change.customerId,
    dimension: segment.dimension,
    value: segment.value,
    change: change.payload.change,
    at: new Date(change.occurredAt),
  };
}
