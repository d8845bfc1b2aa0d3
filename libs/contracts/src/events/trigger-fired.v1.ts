import { z } from 'zod';
import { envelopeFields } from '../envelope';
import { severitySchema } from './attrition-alert-raised.v1';

export const TRIGGER_FIRED = 'trigger.fired' as const;

/** Every lifecycle trigger that fired (attrition alerts are one kind of them). */
export const triggerFiredV1Schema = z.object({
  ...envelopeFields,
  type: z.literal(TRIGGER_FIRED),
  version: z.literal(1),
  payload: z.object({
    triggerId: z.string().min(1).max(100),
    programme: z.enum(['acquisition', 'activation', 'service', 'anti-attrition']),
    severity: severitySchema,
    reason: z.string().max(500),
  }),
});

export type TriggerFiredV1 = z.output<typeof triggerFiredV1Schema>;
