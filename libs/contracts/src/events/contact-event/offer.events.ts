import { z } from 'zod';
import { interactionChannelSchema, reference } from './fields';

export const offerEventPayloads = {
  'offer.responded': z
    .object({
      offerId: reference('The offer or next-best action presented'),
      response: z.enum(['accepted', 'declined', 'ignored']),
      channel: interactionChannelSchema,
      campaignId: reference('Campaign the offer belongs to').optional(),
    })
    .describe('The customer accepted, declined or ignored an offer'),
};
