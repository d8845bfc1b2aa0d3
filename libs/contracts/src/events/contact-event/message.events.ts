import { z } from 'zod';
import { messageChannelSchema, reference } from './fields';

const messageFields = {
  messageId: reference('The message in the sending system'),
  channel: messageChannelSchema,
  campaignId: reference('Campaign the message belongs to').optional(),
};

export const messageEventPayloads = {
  'message.sent': z
    .object({ ...messageFields, templateId: reference('Template used').optional() })
    .describe('An SMS, e-mail, push or in-app message was sent to the customer'),
  'message.opened': z.object(messageFields).describe('The customer opened a message'),
  'message.clicked': z
    .object({
      ...messageFields,
      // An id, never the URL: tracked URLs carry tokens and personal data.
      linkId: reference('Which link of the message was clicked').optional(),
    })
    .describe('The customer clicked a link in a message'),
};
