import { z } from 'zod';
import { CONTACT_EVENT_TYPES } from '@cip/contracts';
import { CONDITION_LIMITS } from './condition-limits';

/**
 * The segment language: a closed JSON syntax tree discriminated on `kind`, interpreted by
 * `evaluateCondition` (never eval). The TypeScript types are inferred from these schemas, so
 * the two cannot drift; a new node kind is a new union member, and the exhaustive switches of
 * the evaluator, the requirements walk and `nextTimeChange` then fail to compile until handled.
 * Objects are strict: an unknown key is an error, not silently ignored (no smuggled fields).
 */

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (≤ 64)');
/** Profile attributes are the customer file's JSON pointers without the leading `/`. */
const attributeName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_./-]{0,63}$/, 'letters, digits, _ . / - (≤ 64)');

export const scalarSchema = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

const filterSchema = z
  .record(
    name,
    z.union([scalarSchema, z.array(scalarSchema).min(1).max(CONDITION_LIMITS.maxSetSize)]),
  )
  .refine((where) => Object.keys(where).length <= CONDITION_LIMITS.maxFilterFields, {
    message: `at most ${CONDITION_LIMITS.maxFilterFields} filter fields`,
  });

export const windowSchema = z.union([
  z.strictObject({ days: z.number().int().positive().max(CONDITION_LIMITS.maxWindowDays) }),
  z
    .strictObject({
      months: z.number().int().positive().max(CONDITION_LIMITS.maxWindowMonths),
      skipMonths: z.number().int().nonnegative().max(CONDITION_LIMITS.maxWindowMonths).optional(),
    })
    .refine((w) => w.months + (w.skipMonths ?? 0) <= CONDITION_LIMITS.maxWindowMonths, {
      message: `months + skipMonths must be ≤ ${CONDITION_LIMITS.maxWindowMonths}`,
    }),
]);

// Allowlist: only event types the contracts define can be aggregated.
const eventType = z.enum(CONTACT_EVENT_TYPES);

/** `fn` over the events of a type (optionally filtered), in a window (absent = all time). */
const aggregateSchema = z.strictObject({
  kind: z.literal('aggregate'),
  fn: z.enum(['count', 'sum', 'avg', 'min', 'max']),
  event: eventType,
  where: filterSchema.optional(),
  field: name.optional(),
  window: windowSchema.optional(),
});

/** The numeric `field` of the latest event (e.g. the last survey score). */
const latestSchema = z.strictObject({
  kind: z.literal('latest'),
  event: eventType,
  where: filterSchema.optional(),
  field: name,
});

/** Whole days since the latest such event (null if none ever): "no purchase for 60 days". */
const daysSinceSchema = z.strictObject({
  kind: z.literal('daysSince'),
  event: eventType,
  where: filterSchema.optional(),
});

const profileSchema = z.strictObject({ kind: z.literal('profile'), attribute: attributeName });

/** numerator / denominator, null when the denominator is 0: trends between windows. */
const ratioSchema = z.strictObject({
  kind: z.literal('ratio'),
  get numerator() {
    return operandSchema;
  },
  get denominator() {
    return operandSchema;
  },
});

/**
 * The value's rank in a named population table of ascending cut points (supplied by the
 * evaluation context, recomputed periodically elsewhere): 1 + the number of cuts ≤ value, so
 * four quintile cuts give 1..5.
 */
const quantileSchema = z.strictObject({
  kind: z.literal('quantile'),
  table: name,
  get value() {
    return operandSchema;
  },
});

const expressionSchema = z.discriminatedUnion('kind', [
  aggregateSchema,
  latestSchema,
  daysSinceSchema,
  profileSchema,
  ratioSchema,
  quantileSchema,
]);

/** A bare scalar is a literal. (Flat union: a wrong expression is then reported at its field.) */
export const operandSchema: z.ZodType<Operand> = z.union([
  ...scalarSchema.options,
  expressionSchema,
]);

export const COMPARISON_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;

const andSchema = z.strictObject({
  kind: z.literal('and'),
  get rules() {
    return z.array(conditionSchema).min(1).max(CONDITION_LIMITS.maxChildren);
  },
});
const orSchema = z.strictObject({
  kind: z.literal('or'),
  get rules() {
    return z.array(conditionSchema).min(1).max(CONDITION_LIMITS.maxChildren);
  },
});
const notSchema = z.strictObject({
  kind: z.literal('not'),
  get rule() {
    return conditionSchema;
  },
});
const compareSchema = z.strictObject({
  kind: z.literal('compare'),
  op: z.enum(COMPARISON_OPS),
  left: operandSchema,
  right: operandSchema,
});
const inSchema = z.strictObject({
  kind: z.literal('in'),
  value: operandSchema,
  set: z.array(scalarSchema).min(1).max(CONDITION_LIMITS.maxSetSize),
});
/** Inclusive on both ends. */
const betweenSchema = z.strictObject({
  kind: z.literal('between'),
  value: operandSchema,
  min: operandSchema,
  max: operandSchema,
});
/** Current membership of another segment (cycles are rejected across a definition set). */
const inSegmentSchema = z.strictObject({ kind: z.literal('inSegment'), segmentId: name });

export const conditionSchema: z.ZodType<Condition> = z.discriminatedUnion('kind', [
  andSchema,
  orSchema,
  notSchema,
  compareSchema,
  inSchema,
  betweenSchema,
  inSegmentSchema,
]);

export type Scalar = z.infer<typeof scalarSchema>;
export type AggregateExpr = z.infer<typeof aggregateSchema>;
export type LatestExpr = z.infer<typeof latestSchema>;
export type DaysSinceExpr = z.infer<typeof daysSinceSchema>;
export type ProfileExpr = z.infer<typeof profileSchema>;
export interface RatioExpr {
  kind: 'ratio';
  numerator: Operand;
  denominator: Operand;
}
export interface QuantileExpr {
  kind: 'quantile';
  table: string;
  value: Operand;
}
export type Expression =
  AggregateExpr | LatestExpr | DaysSinceExpr | ProfileExpr | RatioExpr | QuantileExpr;
export type Operand = Scalar | Expression;

export type ComparisonOp = (typeof COMPARISON_OPS)[number];
export interface AndCondition {
  kind: 'and';
  rules: Condition[];
}
export interface OrCondition {
  kind: 'or';
  rules: Condition[];
}
export interface NotCondition {
  kind: 'not';
  rule: Condition;
}
export type CompareCondition = { kind: 'compare'; op: ComparisonOp; left: Operand; right: Operand };
export type InCondition = { kind: 'in'; value: Operand; set: Scalar[] };
export type BetweenCondition = { kind: 'between'; value: Operand; min: Operand; max: Operand };
export type InSegmentCondition = z.infer<typeof inSegmentSchema>;
export type Condition =
  | AndCondition
  | OrCondition
  | NotCondition
  | CompareCondition
  | InCondition
  | BetweenCondition
  | InSegmentCondition;
