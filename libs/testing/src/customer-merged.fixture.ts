import { customerMergedV1Schema, type CustomerMergedV1 } from '@cip/contracts';

/**
 * A `customer.merged` v1 as ingestion publishes it, validated with the contract's own schema so
 * a test cannot drift from what consumers really receive.
 */
export function customerMergedEvent(input: {
  eventId: string;
  survivorId: string;
  mergedIds: string[];
  occurredAt?: string;
  correlationId?: string;
}): CustomerMergedV1 {
  return customerMergedV1Schema.parse({
    eventId: input.eventId,
    type: 'customer.merged',
    version: 1,
    occurredAt: input.occurredAt ?? new Date().toISOString(),
    customerId: input.survivorId,
    source: 'ingestion',
    correlationId: input.correlationId,
    payload: {
      survivorId: input.survivorId,
      mergedIds: input.mergedIds,
      identifiersMoved: [{ kind: 'email', value: 'same.person@example.com' }],
      reason: 'shared-identifier',
      matchedOn: ['email'],
    },
  });
}
