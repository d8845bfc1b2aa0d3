import { z } from 'zod';
import { interactionChannelSchema, reference } from './fields';

const accountId = reference('The account in the source system');

export const accountEventPayloads = {
  'account.opened': z
    .object({
      accountId,
      productId: reference('Account product').optional(),
      channel: interactionChannelSchema.optional(),
    })
    .describe('An account was opened for the customer'),
  'account.closed': z
    .object({
      accountId,
      initiatedBy: z.enum(['customer', 'company']),
      reason: z.enum([
        'customer-request',
        'moved-to-competitor',
        'inactivity',
        'fraud',
        'default',
        'deceased',
        'consolidated',
        'other',
      ]),
    })
    .describe('An account of the customer was closed'),
};
