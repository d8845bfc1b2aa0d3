import { z } from 'zod';
import { envelopeFields } from '../envelope';

export const CUSTOMER_PROFILE_CHANGED = 'customer.profile.changed' as const;

/**
 * A customer file changed. Keyed by customer id. `changes` lists every changed field as a JSON
 * pointer with its new value (`null`: removed); the profile holds no national id, so none can
 * leak here. `changedBy.actor` is who made the change (the `x-actor` header for now).
 */
export const customerProfileChangedV1Schema = z.object({
  ...envelopeFields,
  type: z.literal(CUSTOMER_PROFILE_CHANGED),
  version: z.literal(1),
  payload: z.object({
    profileVersion: z.number().int().positive(),
    changes: z
      .array(z.object({ field: z.string().startsWith('/'), value: z.json().nullable() }))
      .min(1),
    changedBy: z.object({
      actor: z.string().min(1).max(128),
      via: z.enum(['api']),
    }),
  }),
});

export type CustomerProfileChangedV1 = z.output<typeof customerProfileChangedV1Schema>;
