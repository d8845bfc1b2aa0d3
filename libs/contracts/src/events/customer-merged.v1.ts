import { z } from 'zod';
import { customerIdSchema, envelopeFields } from '../envelope';
import { normalisedIdentifierSchema } from '../customers/identifiers';

export const CUSTOMER_MERGED = 'customer.merged' as const;

/**
 * Two or more customers turned out to be one person. Keyed by the survivor (`customerId`);
 * consumers fold the state of every id in `mergedIds` into the survivor and route anything still
 * arriving for them to it. Identifier values are normalised; a national id appears only as its
 * keyed hash.
 */
export const customerMergedV1Schema = z.object({
  ...envelopeFields,
  type: z.literal(CUSTOMER_MERGED),
  version: z.literal(1),
  payload: z.object({
    survivorId: customerIdSchema,
    mergedIds: z.array(customerIdSchema).min(1),
    identifiersMoved: z.array(normalisedIdentifierSchema),
    reason: z.enum(['shared-identifier']),
    /** Kinds of identifier the request that revealed the link carried. */
    matchedOn: z.array(normalisedIdentifierSchema.shape.kind),
  }),
});

export type CustomerMergedV1 = z.output<typeof customerMergedV1Schema>;
