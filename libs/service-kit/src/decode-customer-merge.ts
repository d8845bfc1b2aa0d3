import { customerMergedV1Schema, InvalidInputError } from '@cip/contracts';
import { decodeCustomerEvent, type IncomingMessage } from '@cip/kafka';

/** A `customer.merged` event reduced to what followers act on. */
export interface CustomerMerge {
  eventId: string;
  survivorId: string;
  /** Distinct, without the survivor. */
  mergedIds: string[];
}

/**
 * Decodes a `customer.merged` message for a service that moves or settles per-customer data:
 * a merge not keyed by its survivor is poison (it would land on another customer's partition).
 */
export function decodeCustomerMerge(message: IncomingMessage): CustomerMerge {
  const event = decodeCustomerEvent(message, {
    schema: customerMergedV1Schema,
    invalidCode: 'INVALID_CUSTOMER_MERGED',
    describes: 'customer merge',
  });
  const { survivorId } = event.payload;
  if (survivorId !== event.customerId) {
    throw new InvalidInputError('INVALID_MERGE', 'a merge is keyed by its survivor', {
      eventId: event.eventId,
    });
  }
  return {
    eventId: event.eventId,
    survivorId,
    mergedIds: [...new Set(event.payload.mergedIds)].filter((id) => id !== survivorId),
  };
}
