import { z } from 'zod';
import { ISO_4217_CURRENCY_CODES } from './iso-4217';

/** Control characters in an id or a label are always a client bug (or an injection attempt). */
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
/** Free text may span lines; other control characters are still refused. */
const NO_CONTROL_CHARACTERS_BUT_NEWLINES = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;

/** A source system's reference (complaint, product, message...): short, single line. */
export function reference(description: string) {
  return z
    .string()
    .min(1)
    .max(64)
    .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters')
    .describe(description);
}

/** Free text written by an agent or the customer; bounded so one event stays small. */
export function freeText(max: number, description: string) {
  return z
    .string()
    .max(max)
    .regex(NO_CONTROL_CHARACTERS_BUT_NEWLINES, 'must not contain control characters')
    .describe(description);
}

/** A trillion: above any single customer transaction, far inside float64's exact integers. */
export const MAX_AMOUNT = 1_000_000_000_000;

export const currencySchema = z
  .enum(ISO_4217_CURRENCY_CODES, { error: 'expected an ISO 4217 currency code, e.g. EUR' })
  .describe('ISO 4217 currency code');

export const amountSchema = z
  .number()
  .finite()
  .nonnegative()
  .max(MAX_AMOUNT)
  .describe('Amount in major units of `currency` (e.g. 12.5 EUR); never negative');

/** Flat money fields of a payload (`amount`, `currency`), as the existing types carry them. */
export const moneyFields = { amount: amountSchema, currency: currencySchema };

/** A money value nested in a payload (e.g. a credit limit). */
export const moneySchema = z.strictObject(moneyFields);

export const dateSchema = z.iso.date().describe('Calendar date, YYYY-MM-DD');

export const durationSecondsSchema = z.number().int().nonnegative().max(86_400);

/**
 * Where an interaction happened or which channel carried it. A superset of the channels a
 * customer can prefer (customer profile): `mail` is postal, `in-app` a message inside the app,
 * `app` and `web` self-service, `visit` an agent at the customer's home or office.
 */
export const INTERACTION_CHANNELS = [
  'phone',
  'sms',
  'email',
  'push',
  'in-app',
  'mail',
  'web',
  'app',
  'branch',
  'store',
  'visit',
  'partner',
] as const;

export const interactionChannelSchema = z.enum(INTERACTION_CHANNELS);

/** Channels that carry outbound messages the platform can track as sent, opened or clicked. */
export const messageChannelSchema = z.enum(['sms', 'email', 'push', 'in-app']);
