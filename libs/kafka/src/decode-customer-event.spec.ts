import { InvalidInputError } from '@cip/contracts';
import { z } from 'zod';
import { decodeCustomerEvent } from './decode-customer-event';
import type { IncomingMessage } from './message-bus';

const contract = {
  schema: z.object({ eventId: z.string(), customerId: z.string(), score: z.number() }),
  invalidCode: 'INVALID_SCORE_EVENT',
  describes: 'score event',
};

const record = (key: string | null, value: unknown): IncomingMessage => ({
  topic: 'scores',
  partition: 0,
  offset: '0',
  key,
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
  timestamp: 0,
});

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('decodeCustomerEvent', () => {
  it('returns the decoded event when value and key agree with the contract', () => {
    const event = { eventId: 'e1', customerId: 'c1', score: 7 };
    expect(decodeCustomerEvent(record('c1', event), contract)).toEqual(event);
  });

  it('rejects a value that breaks the contract with the contract-specific code', () => {
    expect(failure(() => decodeCustomerEvent(record('c1', { eventId: 'e1' }), contract))).toEqual({
      code: 'INVALID_SCORE_EVENT',
      message: 'score event does not match the contract',
    });
    expect(failure(() => decodeCustomerEvent(record('c1', '{not json'), contract)).code).toBe(
      'INVALID_SCORE_EVENT',
    );
  });

  it('rejects a record keyed by anything but the event customer', () => {
    const event = { eventId: 'e1', customerId: 'c1', score: 7 };
    expect(failure(() => decodeCustomerEvent(record('c2', event), contract)).code).toBe(
      'KEY_MISMATCH',
    );
    expect(failure(() => decodeCustomerEvent(record(null, event), contract)).code).toBe(
      'KEY_MISMATCH',
    );
  });
});
