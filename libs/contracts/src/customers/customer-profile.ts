import { z } from 'zod';
import { isoTimestampSchema } from '../envelope';
import { reference } from '../events/contact-event/fields';

/** Channels a customer can be reached on; also the keys of consent. */
export const CONTACT_CHANNELS = ['email', 'sms', 'phone', 'push', 'mail', 'in-app'] as const;
export const contactChannelSchema = z.enum(CONTACT_CHANNELS);
export type ContactChannel = z.output<typeof contactChannelSchema>;

/** Why we would contact the customer; consent is given or refused per channel and purpose. */
export const CONSENT_PURPOSES = [
  'service',
  'marketing',
  'profiling',
  'surveys',
  'third-party-sharing',
] as const;
export const consentPurposeSchema = z.enum(CONSENT_PURPOSES);

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** IANA names only ("Europe/Paris", "UTC"); the runtime's tz database decides what exists. */
export const ianaTimeZoneSchema = z
  .string()
  .max(64)
  .refine(isKnownTimeZone, 'an IANA time zone, e.g. Europe/Paris');

/** BCP 47 language tag ("fr", "fr-CA", "zh-Hant-TW"). */
export const languageTagSchema = z
  .string()
  .max(35)
  .refine(isValidLanguageTag, 'a BCP 47 language tag, e.g. fr-CA');

const text = (max: number) => z.string().trim().min(1).max(max);

export const consentSchema = z.strictObject({
  granted: z.boolean(),
  /** When the customer gave or refused it (not when we stored it). */
  at: isoTimestampSchema,
  /** Where it was collected: a system, form or agent id. */
  source: text(64),
});
export type Consent = z.output<typeof consentSchema>;

const moneySchema = z.strictObject({
  amount: z.number().finite().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. EUR'),
});

export const postalAddressSchema = z.strictObject({
  lines: z.array(text(200)).min(1).max(4),
  city: text(100),
  postalCode: text(20).optional(),
  region: text(100).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. FR'),
});

/** An agent's or advisor's id as the workforce system names it (bounded like other references). */
export const agentIdSchema = reference(
  'Id of an agent or advisor (e.g. the one assigned to the customer)',
);

/**
 * The customer file as stored and served. Strict objects: a field not listed here is refused,
 * so no caller can mass-assign what the platform computes (segments, credit grade, value tier).
 * It holds no national id: that lives only as a keyed hash in the identity graph.
 */
export const customerProfileSchema = z.strictObject({
  kind: z.enum(['person', 'organisation']).optional(),
  contact: z
    .strictObject({
      email: z.email().max(254).optional(),
      phone: z.string().regex(E164_PATTERN, 'E.164, e.g. +33612345678').optional(),
      address: postalAddressSchema.optional(),
    })
    .optional(),
  /** For people. */
  demographics: z
    .strictObject({
      givenName: text(100).optional(),
      familyName: text(100).optional(),
      birthDate: z.iso.date().optional(),
      gender: z.enum(['female', 'male', 'non-binary', 'undisclosed']).optional(),
      occupation: text(100).optional(),
      householdSize: z.number().int().min(1).max(50).optional(),
    })
    .optional(),
  /** For organisations. */
  firmographics: z
    .strictObject({
      legalName: text(200).optional(),
      registrationNumber: text(64).optional(),
      industry: text(100).optional(),
      employeeCount: z.number().int().nonnegative().optional(),
      annualRevenue: moneySchema.optional(),
    })
    .optional(),
  preferences: z
    .strictObject({
      channel: contactChannelSchema.optional(),
      language: languageTagSchema.optional(),
      timeZone: ianaTimeZoneSchema.optional(),
      /** consents[channel][purpose]; a map (not a list) so a merge patch can change one entry. */
      consents: z
        .partialRecord(contactChannelSchema, z.partialRecord(consentPurposeSchema, consentSchema))
        .optional(),
    })
    .optional(),
  /** Who looks after the customer (domain.md §5: when that agent leaves, call all of theirs). */
  relationship: z
    .strictObject({
      assignedAgentId: agentIdSchema.optional(),
    })
    .optional(),
});

/** JSON pointer of the assigned agent in a customer-profile-changed event's `changes`. */
export const ASSIGNED_AGENT_FIELD = '/relationship/assignedAgentId';

export type CustomerProfile = z.output<typeof customerProfileSchema>;

/** What GET /v1/customers/:id answers; `version` is also the ETag. */
export interface CustomerProfileView {
  customerId: string;
  status: 'prospect' | 'customer';
  version: number;
  profile: CustomerProfile;
  updatedAt: string | null;
}

function isKnownTimeZone(zone: string): boolean {
  // Intl also accepts offsets ("+01:00"); only names are IANA zones.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isValidLanguageTag(tag: string): boolean {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
