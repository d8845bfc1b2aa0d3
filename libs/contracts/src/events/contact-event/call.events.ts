import { z } from 'zod';
import { durationSecondsSchema, freeText, reference } from './fields';

/** Signals an agent noted during a call; the domain's early churn triggers. */
export const CALL_SIGNALS = [
  'competitor-mentioned',
  'cancellation-intent',
  'price-complaint',
  'upsell-interest',
] as const;

export const callEventPayloads = {
  'call.completed': z
    .object({
      direction: z.enum(['inbound', 'outbound']),
      durationSeconds: durationSecondsSchema.describe('Talk time in seconds'),
      outcome: z.enum(['resolved', 'unresolved', 'callback', 'sale', 'no-answer']),
      reason: freeText(200, 'Why the customer called or was called').optional(),
      agentId: reference('Agent who handled the call').optional(),
      signals: z.array(z.enum(CALL_SIGNALS)).max(CALL_SIGNALS.length).optional(),
    })
    .describe('A phone call with the customer ended (inbound or outbound)'),
};
