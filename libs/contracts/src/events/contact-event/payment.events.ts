import { z } from 'zod';
import { dateSchema, moneyFields, reference } from './fields';

export const paymentEventPayloads = {
  'payment.recorded': z
    .object({
      ...moneyFields,
      status: z.enum(['on-time', 'late', 'missed']),
      invoiceId: reference('Invoice or instalment the payment settles').optional(),
      dueDate: dateSchema.optional(),
      daysLate: z.number().int().min(0).max(3_650).optional(),
    })
    .describe('A bill or instalment was paid on time, paid late or missed'),
};
