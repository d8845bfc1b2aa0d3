import { z } from 'zod';
import { CONTACT_EVENT_TYPES } from '@cip/contracts';
import { RULE_LIMITS } from './rule-limits';
import {
  COMPARISON_KINDS,
  type ComparisonRule,
  type NumericOperand,
  type RuleNode,
} from './rule.types';

// Strict objects: an unknown key is an error, not silently ignored (no smuggled fields).
const constExprSchema = z.strictObject({
  kind: z.literal('const'),
  value: z.number().finite(),
});

const countExprSchema = z.strictObject({
  kind: z.literal('count'),
  // Allowlist: only event types the contracts define can be aggregated.
  eventType: z.enum(CONTACT_EVENT_TYPES),
  windowDays: z.number().int().positive().max(RULE_LIMITS.maxWindowDays).optional(),
});

const numericOperandSchema: z.ZodType<NumericOperand> = z.union([
  z.number().finite(),
  z.discriminatedUnion('kind', [constExprSchema, countExprSchema]),
]);

const comparisonSchemas = COMPARISON_KINDS.map((kind) =>
  z.strictObject({
    kind: z.literal(kind),
    left: numericOperandSchema,
    right: numericOperandSchema,
  }),
) as unknown as [z.ZodType<ComparisonRule>, ...z.ZodType<ComparisonRule>[]];

export const ruleNodeSchema: z.ZodType<RuleNode> = z.lazy(() =>
  z.union([
    z.strictObject({
      kind: z.literal('and'),
      rules: z.array(ruleNodeSchema).min(1).max(RULE_LIMITS.maxChildren),
    }),
    z.strictObject({
      kind: z.literal('or'),
      rules: z.array(ruleNodeSchema).min(1).max(RULE_LIMITS.maxChildren),
    }),
    z.strictObject({ kind: z.literal('not'), rule: ruleNodeSchema }),
    ...comparisonSchemas,
  ]),
);
