import { z } from 'zod';
import { eventMatcherSchema, typesLacking, type EventMatcher } from './event-matcher';
import { triggerDurationSchema, type TriggerDuration } from './trigger-duration';

/**
 * The trigger condition language: a closed, JSON-serialisable union interpreted by our own code
 * (never eval'd); the exhaustive switches over `kind` point at every place to extend.
 * - `segment-entered` / `segment-exited`: a segment membership change;
 * - `event`: one contact event (of a type, optionally filtered on payload fields);
 * - `event-count`: at least `atLeast` matching contact events within `within` (this one included);
 * - `absence`: an `after` event followed by no `missing` event within `within` — fired by a
 *   durable timer, cancelled by the missing event (for the same `correlateOn` payload value, e.g.
 *   the complaintId, when given). `armOnce`: only the customer's first `after` event arms it
 *   ("no *second* purchase"); otherwise every `after` event re-arms (inactivity).
 * - `agent-departed`: the customer's assigned agent left (a recorded agent departure fires it
 *   for every customer of that agent; see agent-departures/).
 */
export type TriggerCondition =
  | { kind: 'segment-entered'; segmentId: string }
  | { kind: 'segment-exited'; segmentId: string }
  | { kind: 'event'; event: EventMatcher }
  | { kind: 'event-count'; event: EventMatcher; atLeast: number; within: TriggerDuration }
  | {
      kind: 'absence';
      after: EventMatcher;
      missing: EventMatcher;
      within: TriggerDuration;
      correlateOn?: string;
      armOnce?: boolean;
    }
  | { kind: 'agent-departed' };

export type TriggerConditionKind = TriggerCondition['kind'];
export type AbsenceCondition = Extract<TriggerCondition, { kind: 'absence' }>;

const segmentIdSchema = z.string().min(1).max(100);

/** Strict: unknown kinds or extra fields are rejected, so a typo cannot silently never fire. */
export const triggerConditionSchema: z.ZodType<TriggerCondition> = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('segment-entered'), segmentId: segmentIdSchema }),
    z.strictObject({ kind: z.literal('segment-exited'), segmentId: segmentIdSchema }),
    z.strictObject({ kind: z.literal('event'), event: eventMatcherSchema }),
    z.strictObject({
      kind: z.literal('event-count'),
      event: eventMatcherSchema,
      // One event is the `event` kind; the cap keeps the per-customer hit log small.
      atLeast: z.number().int().min(2).max(100),
      within: triggerDurationSchema,
    }),
    z.strictObject({
      kind: z.literal('absence'),
      after: eventMatcherSchema,
      missing: eventMatcherSchema,
      within: triggerDurationSchema,
      correlateOn: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z][A-Za-z0-9]*$/)
        .optional(),
      armOnce: z.boolean().optional(),
    }),
    z.strictObject({ kind: z.literal('agent-departed') }),
  ])
  .superRefine((condition, ctx) => {
    if (condition.kind !== 'absence' || condition.correlateOn === undefined) return;
    const lacking = [
      ...typesLacking(condition.after.types, condition.correlateOn),
      ...typesLacking(condition.missing.types, condition.correlateOn),
    ];
    if (lacking.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['correlateOn'],
        message: `${condition.correlateOn} is not a payload field of ${[...new Set(lacking)].join(', ')}`,
      });
    }
  });
