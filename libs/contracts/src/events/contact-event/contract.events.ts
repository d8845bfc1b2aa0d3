import { z } from 'zod';
import { interactionChannelSchema, dateSchema, freeText, reference } from './fields';

const contractId = reference('The contract in the source system');

/** Why customers ask to leave; `competitor` and `price` are the domain's churn triggers. */
export const CANCELLATION_REASONS = [
  'price',
  'competitor',
  'service-quality',
  'moving',
  'no-longer-needed',
  'financial-difficulty',
  'other',
] as const;

export const contractEventPayloads = {
  'contract.started': z
    .object({
      contractId,
      productId: reference('Product or plan under contract'),
      termMonths: z.number().int().min(1).max(600).optional(),
      endsOn: dateSchema.optional(),
      channel: interactionChannelSchema.optional(),
    })
    .describe('A contract (plan, policy, loan...) started'),
  'contract.renewal-opened': z
    .object({
      contractId,
      endsOn: dateSchema.describe('When the current term ends'),
      productId: reference('Product or plan under contract').optional(),
    })
    .describe('The contract entered its renewal window: renewal is due before it ends'),
  'contract.renewed': z
    .object({
      contractId,
      termMonths: z.number().int().min(1).max(600).optional(),
      endsOn: dateSchema.optional(),
    })
    .describe('The customer renewed the contract'),
  'contract.cancellation-requested': z
    .object({
      contractId,
      reason: z.enum(CANCELLATION_REASONS),
      effectiveOn: dateSchema.optional(),
      note: freeText(500, 'What the customer said, in the agent’s words').optional(),
    })
    .describe('The customer asked to cancel the contract'),
};
