import { z } from 'zod';
import { customerIdSchema } from '../../envelope';
import { interactionChannelSchema, reference } from './fields';

const referralId = reference('The referral in the source system');

export const referralEventPayloads = {
  'referral.made': z
    .object({
      referralId,
      // Only an id: the referred person's name or phone would be PII on the event log.
      referredCustomerId: customerIdSchema.optional(),
      channel: interactionChannelSchema.optional(),
    })
    .describe('The customer referred someone (the customer is the referrer)'),
  'referral.converted': z
    .object({ referralId, referredCustomerId: customerIdSchema })
    .describe('Someone this customer referred became a customer'),
};
