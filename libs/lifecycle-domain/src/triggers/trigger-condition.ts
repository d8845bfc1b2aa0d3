import { z } from 'zod';

/**
 * The trigger condition language: a closed, JSON-serialisable union interpreted by
 * `matchesCondition` (never eval'd). It grows by adding variants, e.g. aggregate thresholds
 * (`{ kind: 'aggregate-crossed', ... }`) or absence with a deadline (`{ kind: 'no-event-within', ... }`)
 * once timer ticks reach lifecycle; the exhaustive switch then points at every place to extend.
 */
export type TriggerCondition =
  { kind: 'segment-entered'; segmentId: string } | { kind: 'segment-exited'; segmentId: string };

export type TriggerConditionKind = TriggerCondition['kind'];

const segmentIdSchema = z.string().min(1).max(100);

/** Strict: unknown kinds or extra fields are rejected, so a typo cannot silently never fire. */
export const triggerConditionSchema: z.ZodType<TriggerCondition> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('segment-entered'), segmentId: segmentIdSchema }),
  z.strictObject({ kind: z.literal('segment-exited'), segmentId: segmentIdSchema }),
]);
