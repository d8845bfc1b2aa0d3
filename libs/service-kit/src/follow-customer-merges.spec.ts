import { InvalidInputError } from '@cip/contracts';
import type { IncomingMessage } from '@cip/kafka';
import { CustomerMergeFollower } from './follow-customer-merges';

const merge = {
  eventId: 'merge-1',
  type: 'customer.merged',
  version: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  customerId: 'c-a',
  source: 'ingestion',
  payload: {
    survivorId: 'c-a',
    mergedIds: ['c-b'],
    identifiersMoved: [],
    reason: 'shared-identifier',
    matchedOn: ['email'],
  },
};

function message(value: unknown, key = 'c-a'): IncomingMessage {
  return {
    topic: 'customer-merged',
    partition: 0,
    offset: '0',
    key,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: {},
    timestamp: 0,
  };
}

describe('CustomerMergeFollower.handle', () => {
  const transaction = jest.fn();
  const follower = new CustomerMergeFollower(
    {} as never,
    {} as never,
    { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as never,
    { transaction } as never,
    { inboxConsumer: 'test.customer-merged', entities: [] },
  );

  it.each([
    ['malformed JSON', message('{nope')],
    ['contract violation', message({ ...merge, payload: { ...merge.payload, mergedIds: [] } })],
    ['key is not the customer', message(merge, 'c-b')],
    [
      'survivor is not the customer',
      message({ ...merge, payload: { ...merge.payload, survivorId: 'c-z' } }),
    ],
  ])('%s → InvalidInputError (dead-letter), nothing moved', async (_label, input) => {
    await expect(follower.handle(input)).rejects.toBeInstanceOf(InvalidInputError);
    expect(transaction).not.toHaveBeenCalled();
  });
});
