import type { ContactEvent } from '@cip/contracts';

// Test fixtures for contact-event specs (not exported from index.ts).

let sequence = 0;

/** A contract-shaped contact event of `type` at `at`; ids unique unless given. */
export function contactEvent<T extends ContactEvent['type']>(
  type: T,
  at: Date | string,
  payload: Extract<ContactEvent, { type: T }>['payload'],
  overrides: { customerId?: string; eventId?: string } = {},
): ContactEvent {
  sequence += 1;
  return {
    eventId: overrides.eventId ?? `ce-${sequence}`,
    type,
    version: 1,
    occurredAt: typeof at === 'string' ? at : at.toISOString(),
    customerId: overrides.customerId ?? 'cust-1',
    source: 'spec',
    correlationId: `corr-${sequence}`,
    payload,
  } as ContactEvent;
}
