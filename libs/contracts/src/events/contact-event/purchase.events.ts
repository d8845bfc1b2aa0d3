import { z } from 'zod';
import { interactionChannelSchema, moneyFields, reference } from './fields';

export const purchaseEventPayloads = {
  'purchase.completed': z
    .object({
      ...moneyFields,
      productId: reference('Product or plan bought'),
      quantity: z.number().int().min(1).max(10_000).optional(),
      orderId: reference('Order in the source system').optional(),
      channel: interactionChannelSchema.optional(),
    })
    .describe('The customer bought a product or service'),
  'transaction.recorded': z
    .object({
      ...moneyFields,
      transactionId: reference('Transaction in the source system'),
      kind: z.enum([
        'deposit',
        'withdrawal',
        'transfer',
        'card-payment',
        'direct-debit',
        'fee',
        'interest',
        'usage',
        'top-up',
        'refund',
      ]),
      direction: z.enum(['debit', 'credit']).describe('Seen from the customer: debit = money out'),
      productId: reference('Account or product the transaction was booked on').optional(),
    })
    .describe('A transaction was booked on a customer account (banking, usage, top-up...)'),
};
