import { severitySchema, type Severity } from '@cip/contracts';
import { z } from 'zod';

/**
 * How a trigger's severity is decided (data in trigger_definition.severity_rule):
 * - `fixed`: always the same severity;
 * - `by-value-tier`: a severity per value tier (the seeded shape);
 * - `value-satisfaction-quadrant`: the service-differentiation map of domain.md §3.3 (see
 *   QUADRANT_SEVERITY), with `whenUnknown` used while value or satisfaction is not known.
 */
export type SeverityRule =
  | { kind: 'fixed'; severity: Severity }
  | {
      kind: 'by-value-tier';
      byTier: {
        vip: Severity;
        key: Severity;
        ordinary: Severity;
        small: Severity;
        unknown: Severity;
      };
    }
  | { kind: 'value-satisfaction-quadrant'; whenUnknown: Severity };

export const severityRuleSchema: z.ZodType<SeverityRule> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), severity: severitySchema }),
  z.strictObject({
    kind: z.literal('by-value-tier'),
    byTier: z.strictObject({
      vip: severitySchema,
      key: severitySchema,
      ordinary: severitySchema,
      small: severitySchema,
      unknown: severitySchema,
    }),
  }),
  z.strictObject({ kind: z.literal('value-satisfaction-quadrant'), whenUnknown: severitySchema }),
]);

/** Documented default for repeated complaints while value/satisfaction are unknown. */
export const DEFAULT_SEVERITY_RULE: SeverityRule = {
  kind: 'value-satisfaction-quadrant',
  whenUnknown: 'high',
};
