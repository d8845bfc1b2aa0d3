import { z } from 'zod';

/**
 * The kinds of identifier a source system may know a customer by. `nationalId` is only ever
 * stored and published as a keyed hash (HMAC-SHA256), never as the raw value.
 */
export const IDENTIFIER_KINDS = [
  'customerId',
  'accountNumber',
  'phone',
  'email',
  'deviceId',
  'nationalId',
] as const;

export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const identifierKindSchema = z.enum(IDENTIFIER_KINDS);

const rawValue = z.string().min(1).max(256);

/**
 * Identifiers as callers send them (raw: `06 12 34 56 78`, ` Ann@Example.COM`), one per kind.
 * Normalisation and validation of each value is the identity domain's job; this only bounds
 * the shape, so unknown kinds are refused.
 */
export const identifiersInputSchema = z
  .strictObject({
    customerId: rawValue.optional(),
    accountNumber: rawValue.optional(),
    phone: rawValue.optional(),
    email: rawValue.optional(),
    deviceId: rawValue.optional(),
    nationalId: rawValue.optional(),
  })
  .refine((value) => Object.values(value).some((v) => v !== undefined), {
    message: 'at least one identifier is required',
  });

export type IdentifiersInput = z.output<typeof identifiersInputSchema>;

/** An identifier after normalisation: E.164 phone, lower-case e-mail, hashed national id... */
export const normalisedIdentifierSchema = z.object({
  kind: identifierKindSchema,
  value: z.string().min(1).max(256),
});

export type NormalisedIdentifierV1 = z.output<typeof normalisedIdentifierSchema>;
