import { z } from 'zod';
import { envelopeFields } from '../envelope';

const money = {
  amount: z.number().finite().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. EUR'),
};

/** Payload schema per interaction type; the key is the event `type`. */
export const contactPayloadSchemas = {
  'call.completed': z.object({
    direction: z.enum(['inbound', 'outbound']),
    durationSeconds: z.number().int().nonnegative().max(86_400),
    outcome: z.enum(['resolved', 'unresolved', 'callback', 'sale', 'no-answer']),
    reason: z.string().max(200).optional(),
    agentId: z.string().max(64).optional(),
  }),
  'complaint.filed': z.object({
    complaintId: z.string().min(1).max(64),
    category: z.enum(['network', 'billing', 'service', 'product', 'staff', 'other']),
    severity: z.enum(['low', 'medium', 'high']).default('medium'),
  }),
  'complaint.resolved': z.object({
    complaintId: z.string().min(1).max(64),
    resolution: z.enum(['fixed', 'compensated', 'rejected', 'withdrawn']),
  }),
  'purchase.completed': z.object({ ...money, productId: z.string().min(1).max(64) }),
  'payment.recorded': z.object({ ...money, status: z.enum(['on-time', 'late', 'missed']) }),
  'survey.answered': z.object({
    score: z.number().int().min(0).max(10),
    scale: z.literal('nps-0-10').default('nps-0-10'),
  }),
  'service.incident': z.object({
    kind: z.enum(['outage', 'billing-error', 'delivery-failure', 'other']),
    durationMinutes: z.number().int().nonnegative().optional(),
  }),
} as const;

export type ContactEventType = keyof typeof contactPayloadSchemas;
export const CONTACT_EVENT_TYPES = Object.keys(contactPayloadSchemas) as ContactEventType[];

function contactEventVariant<T extends ContactEventType>(type: T) {
  return z.object({
    ...envelopeFields,
    type: z.literal(type),
    version: z.literal(1),
    payload: contactPayloadSchemas[type],
  });
}

/** A customer interaction as published on the contact-events topic (schema version 1). */
export const contactEventV1Schema = z.discriminatedUnion('type', [
  contactEventVariant('call.completed'),
  contactEventVariant('complaint.filed'),
  contactEventVariant('complaint.resolved'),
  contactEventVariant('purchase.completed'),
  contactEventVariant('payment.recorded'),
  contactEventVariant('survey.answered'),
  contactEventVariant('service.incident'),
]);

export type ContactEventV1 = z.output<typeof contactEventV1Schema>;
export type ContactEvent = ContactEventV1;
export type ContactEventOf<T extends ContactEventType> = Extract<ContactEvent, { type: T }>;
