import type { TriggerFiredV1 } from '@cip/contracts';
import { z } from 'zod';
import { LifecycleError } from '../lifecycle-error';
import { severityRuleSchema, type SeverityRule } from '../severity/severity-rule';
import { triggerConditionSchema, type TriggerCondition } from '../triggers/trigger-condition';

export type Programme = TriggerFiredV1['payload']['programme'];

/** A trigger as stored (condition and severity rule still raw JSON). */
export interface StoredTriggerDefinition {
  id: string;
  programme: string;
  description: string;
  condition: unknown;
  cooldownSeconds: number;
  severityRule: unknown;
  deadlineHours: number | null;
  suggestedStrategy: string;
  enabled: boolean;
}

/** A validated trigger of the catalog. */
export interface TriggerDefinition {
  id: string;
  programme: Programme;
  description: string;
  condition: TriggerCondition;
  /** No second firing for the same customer within this window. */
  cooldownMs: number;
  severityRule: SeverityRule;
  /** Time to act from the moment the trigger fires; null = no deadline. */
  deadlineHours: number | null;
  suggestedStrategy: string;
  enabled: boolean;
}

const storedSchema = z.object({
  id: z.string().min(1).max(100),
  programme: z.enum(['acquisition', 'activation', 'service', 'anti-attrition']),
  description: z.string().max(500),
  condition: triggerConditionSchema,
  // Up to a year: longer windows belong to a different mechanism than a cooldown.
  cooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(366 * 86_400),
  severityRule: severityRuleSchema,
  deadlineHours: z
    .number()
    .int()
    .positive()
    .max(24 * 366)
    .nullable(),
  suggestedStrategy: z.string().max(200),
  enabled: z.boolean(),
});

/** Validates a stored definition; throws INVALID_TRIGGER_DEFINITION naming the bad fields. */
export function toTriggerDefinition(stored: StoredTriggerDefinition): TriggerDefinition {
  const parsed = storedSchema.safeParse(stored);
  if (!parsed.success) {
    throw new LifecycleError(
      'INVALID_TRIGGER_DEFINITION',
      `trigger definition ${String(stored.id)} is invalid`,
      {
        triggerId: stored.id,
        issues: parsed.error.issues.map((issue) => ({
          path: '/' + issue.path.join('/'),
          message: issue.message,
        })),
      },
    );
  }
  const { cooldownSeconds, ...rest } = parsed.data;
  return { ...rest, cooldownMs: cooldownSeconds * 1_000 };
}
