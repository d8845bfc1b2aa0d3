import { z } from 'zod';
import { envelopeFields, isoTimestampSchema } from '../envelope';
import { severitySchema } from './attrition-alert-raised.v1';

export const ALERT_STATUS_CHANGED = 'alert.status.changed' as const;

/** Where an alert is in its workflow. `resolved` and `expired` are final: nothing follows them. */
export const alertWorkflowStatusSchema = z.enum([
  'open',
  'acknowledged',
  'actioned',
  'resolved',
  'expired',
]);
export type AlertWorkflowStatus = z.output<typeof alertWorkflowStatusSchema>;

/** How a resolved alert ended. */
export const alertOutcomeSchema = z.enum(['saved', 'lost', 'no-action']);

/** Statuses after which an alert no longer asks anyone to act. */
export const FINAL_ALERT_STATUSES: ReadonlySet<AlertWorkflowStatus> = new Set([
  'resolved',
  'expired',
]);

/**
 * Public contract: an attrition alert moved along its workflow (a person acknowledged, actioned
 * or resolved it, or its deadline expired it). Keyed by customer on `alert-status`; one event per
 * transition, `alertVersion` grows by one per transition of that alert, so a consumer can drop
 * copies and ignore stale ones.
 */
export const alertStatusChangedV1Schema = z.object({
  ...envelopeFields,
  type: z.literal(ALERT_STATUS_CHANGED),
  version: z.literal(1),
  payload: z.object({
    alertId: z.string().min(1).max(200),
    triggerId: z.string().min(1).max(100),
    severity: severitySchema,
    from: alertWorkflowStatusSchema,
    to: alertWorkflowStatusSchema,
    /** The alert's version after this transition (its ETag in the lifecycle API). */
    alertVersion: z.number().int().positive(),
    /** Set only when `to` is `resolved`. */
    outcome: alertOutcomeSchema.nullable(),
    /** Who moved it: a person's id, or `system:expiry-sweep`. */
    actor: z.string().min(1).max(200),
    note: z.string().max(2000).nullable(),
    at: isoTimestampSchema,
  }),
});

export type AlertStatusChangedV1 = z.output<typeof alertStatusChangedV1Schema>;
