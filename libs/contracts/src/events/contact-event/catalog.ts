import { accountEventPayloads } from './account.events';
import { callEventPayloads } from './call.events';
import { complaintEventPayloads } from './complaint.events';
import { contractEventPayloads } from './contract.events';
import { creditEventPayloads } from './credit.events';
import { messageEventPayloads } from './message.events';
import { offerEventPayloads } from './offer.events';
import { paymentEventPayloads } from './payment.events';
import { purchaseEventPayloads } from './purchase.events';
import { referralEventPayloads } from './referral.events';
import { serviceIncidentEventPayloads } from './service-incident.events';
import { surveyEventPayloads } from './survey.events';
import { visitEventPayloads } from './visit.events';

/**
 * Version-1 payload schema of every interaction type, keyed by the event `type`
 * (`<noun>.<past-verb>`). One file per interaction family; each schema's description says what
 * the event means.
 */
export const contactPayloadSchemas = {
  ...callEventPayloads,
  ...complaintEventPayloads,
  ...purchaseEventPayloads,
  ...paymentEventPayloads,
  ...visitEventPayloads,
  ...messageEventPayloads,
  ...surveyEventPayloads,
  ...serviceIncidentEventPayloads,
  ...contractEventPayloads,
  ...accountEventPayloads,
  ...creditEventPayloads,
  ...referralEventPayloads,
  ...offerEventPayloads,
} as const;

export type ContactEventType = keyof typeof contactPayloadSchemas;

export const CONTACT_EVENT_TYPES = Object.keys(contactPayloadSchemas) as ContactEventType[];

/**
 * Schema versions per type. Everything is at version 1; a version 2 of one type adds its payload
 * schema next to the v1 one, a variant to the published union and its number here.
 */
export const CONTACT_EVENT_SCHEMA_VERSIONS: ReadonlyMap<ContactEventType, readonly number[]> =
  new Map(CONTACT_EVENT_TYPES.map((type) => [type, [1]]));

export function isContactEventType(type: string): type is ContactEventType {
  return Object.hasOwn(contactPayloadSchemas, type);
}
