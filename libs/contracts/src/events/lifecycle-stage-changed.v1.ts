import { z } from 'zod';
import { envelopeFields, eventIdSchema, isoTimestampSchema } from '../envelope';

export const LIFECYCLE_STAGE_CHANGED = 'lifecycle.stage.changed' as const;

/** The Triple A lifecycle (domain.md §2), in its usual order. */
export const lifecycleStageSchema = z.enum([
  'prospect',
  'new',
  'developing',
  'established',
  'at-risk',
  'lapsed',
  'won-back',
]);
export type LifecycleStage = z.output<typeof lifecycleStageSchema>;

/**
 * Public contract for marketing automation: a customer moved from one lifecycle stage to another.
 * Keyed by customer on `lifecycle-stages`; `stageVersion` grows by one per change of that customer,
 * so a consumer can drop copies and notice gaps.
 */
export const lifecycleStageChangedV1Schema = z.object({
  ...envelopeFields,
  type: z.literal(LIFECYCLE_STAGE_CHANGED),
  version: z.literal(1),
  payload: z.object({
    /** null for the first stage lifecycle learns of. */
    from: lifecycleStageSchema.nullable(),
    to: lifecycleStageSchema,
    /** When the customer entered the new stage (the membership change's time). */
    at: isoTimestampSchema,
    stageVersion: z.number().int().positive(),
    /** The `segment.membership.changed` event that moved the customer. */
    membershipEventId: eventIdSchema,
    /** The lifecycle-stage segment entered, e.g. `lifecycle-stage.at-risk`. */
    segmentId: z.string().min(1).max(100),
    reason: z.object({
      summary: z.string().max(500),
      values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
    }),
  }),
});

export type LifecycleStageChangedV1 = z.output<typeof lifecycleStageChangedV1Schema>;
