import { z } from 'zod';
import { envelopeFields } from '../envelope';

export const SEGMENT_MEMBERSHIP_CHANGED = 'segment.membership.changed' as const;

/** A customer entered or left a segment; `reason` holds the values that decided it. */
export const segmentMembershipChangedV1Schema = z.object({
  ...envelopeFields,
  type: z.literal(SEGMENT_MEMBERSHIP_CHANGED),
  version: z.literal(1),
  payload: z.object({
    segmentId: z.string().min(1).max(100),
    definitionVersion: z.number().int().positive(),
    change: z.enum(['entered', 'exited']),
    /** The contact event (or timer tick) whose application flipped the membership. */
    triggeringEventId: z.string().min(1).max(128),
    reason: z.object({
      summary: z.string().max(500),
      values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
    }),
    strategy: z.string().max(200).optional(),
    /**
     * Why the membership flipped: the customer's data (`evaluation`, also when absent) or the
     * customer being merged into another (`merge`: an exit that is bookkeeping, not behaviour).
     */
    cause: z.enum(['evaluation', 'merge']).optional(),
  }),
});

export type SegmentMembershipChangedV1 = z.output<typeof segmentMembershipChangedV1Schema>;
