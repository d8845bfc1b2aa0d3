import { z } from 'zod';
import { envelopeFields } from '../envelope';
import {
  CONTACT_EVENT_TYPES,
  contactPayloadSchemas,
  type ContactEventType,
} from './contact-event/catalog';

export {
  CONTACT_EVENT_SCHEMA_VERSIONS,
  CONTACT_EVENT_TYPES,
  contactPayloadSchemas,
  isContactEventType,
  type ContactEventType,
} from './contact-event/catalog';
export { ISO_4217_CURRENCY_CODES, type CurrencyCode } from './contact-event/iso-4217';
export { CONTACT_PAYLOAD_EXAMPLES } from './contact-event/examples';
export { currencySchema, INTERACTION_CHANNELS } from './contact-event/fields';

type PayloadSchemas = typeof contactPayloadSchemas;

type VariantShape<T extends ContactEventType> = Omit<typeof envelopeFields, 'version'> & {
  type: z.ZodLiteral<T>;
  version: z.ZodLiteral<1>;
  payload: PayloadSchemas[T];
};
/** One object schema per type, so the unions' output types narrow on `type`. */
type TolerantVariant = {
  [T in ContactEventType]: z.ZodObject<VariantShape<T>, z.core.$strip>;
}[ContactEventType];
type StrictVariant = {
  [T in ContactEventType]: z.ZodObject<VariantShape<T>, z.core.$strict>;
}[ContactEventType];

function variantShape(type: ContactEventType, payload: z.ZodType) {
  return { ...envelopeFields, type: z.literal(type), version: z.literal(1), payload };
}

// The casts restate what TypeScript cannot follow through `map`: variant i has type i's payload.
const tolerantVariants = CONTACT_EVENT_TYPES.map((type) =>
  z.object(variantShape(type, contactPayloadSchemas[type])),
) as unknown as [TolerantVariant, ...TolerantVariant[]];

/** Strict: an unknown field in the envelope or the payload is an error (nested values already are). */
const strictVariants = CONTACT_EVENT_TYPES.map((type) =>
  z.strictObject(variantShape(type, contactPayloadSchemas[type].strict())),
) as unknown as [StrictVariant, ...StrictVariant[]];

/** The strict (ingestion edge) variant of each type, e.g. to document the types one by one. */
export const contactEventV1StrictVariants: ReadonlyMap<ContactEventType, z.ZodObject> = new Map(
  CONTACT_EVENT_TYPES.map((type, index) => [type, strictVariants[index] as z.ZodObject]),
);

/**
 * A customer interaction as published on the contact-events topic (schema version 1), read
 * tolerantly: fields this build does not know are dropped, so a producer that gained an optional
 * field does not make older consumers dead-letter its events.
 */
export const contactEventV1Schema = z.discriminatedUnion('type', tolerantVariants);

/**
 * The same contract as the ingestion edge applies it: unknown fields are rejected. A misspelt
 * optional field (`reasn`) would otherwise be dropped silently and the caller would get a 202 for
 * data that was never stored.
 */
export const contactEventV1StrictSchema = z.discriminatedUnion('type', strictVariants);

export type ContactEventV1 = z.output<typeof contactEventV1Schema>;
export type ContactEvent = ContactEventV1;
export type ContactEventOf<T extends ContactEventType> = Extract<ContactEvent, { type: T }>;
