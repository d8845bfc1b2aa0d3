import { z } from 'zod';
import { envelopeFields, isoTimestampSchema } from '../envelope';

export const ATTRITION_ALERT_RAISED = 'attrition.alert.raised' as const;

export const severitySchema = z.enum(['critical', 'high', 'medium', 'low']);
export type Severity = z.output<typeof severitySchema>;

/**
 * Public contract for marketing automation and call-center supervisors: a customer at risk of
 * leaving, why, how urgent, and what to do by when.
 */
export const attritionAlertRaisedV1Schema = z.object({
  ...envelopeFields,
  type: z.literal(ATTRITION_ALERT_RAISED),
  version: z.literal(1),
  payload: z.object({
    alertId: z.string().min(1).max(200),
    triggerId: z.string().min(1).max(100),
    reason: z.string().max(500),
    severity: severitySchema,
    valueTier: z.enum(['vip', 'key', 'ordinary', 'small', 'unknown']),
    suggestedStrategy: z.string().max(200),
    deadline: isoTimestampSchema.optional(),
    evidence: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  }),
});

export type AttritionAlertRaisedV1 = z.output<typeof attritionAlertRaisedV1Schema>;
