import { z } from 'zod';

export const eventIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

export const customerIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

export const isoTimestampSchema = z.iso.datetime({ offset: true });

/**
 * Fields every event carries. `customerId` is the partition key; `causationId` names the event
 * that caused this one, `correlationId` the original request of the whole chain.
 */
export const envelopeFields = {
  eventId: eventIdSchema,
  version: z.number().int().positive(),
  occurredAt: isoTimestampSchema,
  customerId: customerIdSchema,
  source: z.string().min(1).max(64),
  correlationId: z.string().min(1).max(128).optional(),
  causationId: z.string().min(1).max(128).optional(),
};

export type Envelope = {
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  customerId: string;
  source: string;
  correlationId?: string | undefined;
  causationId?: string | undefined;
};
