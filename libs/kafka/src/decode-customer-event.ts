import { decodeJsonWith, InvalidInputError } from '@cip/contracts';
import type { z } from 'zod';
import type { IncomingMessage } from './message-bus';

export interface CustomerEventContract<
  S extends z.ZodType<{ customerId: string; eventId: string }>,
> {
  schema: S;
  /** Error code put on the dead-letter record when the value breaks the contract. */
  invalidCode: string;
  /** What the record should be, for the error message, e.g. "contact event". */
  describes: string;
}

/**
 * Decodes a record of a customer-keyed topic with its contract. A value that breaks the
 * contract, or a key other than the event's customer, is poison (InvalidInputError, so the
 * consumer dead-letters it at once): per-customer ordering rests on the key.
 */
export function decodeCustomerEvent<S extends z.ZodType<{ customerId: string; eventId: string }>>(
  message: IncomingMessage,
  contract: CustomerEventContract<S>,
): z.output<S> {
  const decoded = decodeJsonWith(contract.schema, message.value);
  if (!decoded.ok) {
    throw new InvalidInputError(
      contract.invalidCode,
      `${contract.describes} does not match the contract`,
      { issues: decoded.issues },
    );
  }
  const event = decoded.value;
  if (message.key !== event.customerId) {
    throw new InvalidInputError('KEY_MISMATCH', 'record key is not the event customerId', {
      eventId: event.eventId,
    });
  }
  return event;
}
