import { z } from 'zod';
import { NbaError } from '../nba-error';

export const ACTION_KINDS = ['retention', 'upsell', 'service', 'nurture'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/**
 * An action of the catalog (data in nba.action_catalog). `appliesToTriggers` lists the lifecycle
 * triggers it answers; an empty list makes it a default, offered when no alert is open.
 */
export interface CatalogAction {
  actionId: string;
  name: string;
  kind: ActionKind;
  channel: string;
  script: string;
  appliesToTriggers: readonly string[];
  /** Higher wins among eligible actions. */
  priority: number;
  enabled: boolean;
}

const catalogActionSchema = z.object({
  actionId: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  kind: z.enum(ACTION_KINDS),
  channel: z.string().min(1).max(32),
  script: z.string().max(5_000),
  appliesToTriggers: z.array(z.string().min(1).max(100)).max(100),
  priority: z.number().int(),
  enabled: z.boolean(),
});

/** Validates a stored action; throws INVALID_CATALOG_ACTION. */
export function toCatalogAction(stored: unknown): CatalogAction {
  const parsed = catalogActionSchema.safeParse(stored);
  if (!parsed.success) {
    throw new NbaError('INVALID_CATALOG_ACTION', 'catalog action is invalid', {
      actionId: (stored as { actionId?: unknown } | null)?.actionId,
      issues: parsed.error.issues.map((issue) => ({
        path: '/' + issue.path.join('/'),
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}
