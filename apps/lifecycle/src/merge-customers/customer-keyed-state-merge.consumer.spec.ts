import type { ServiceConfig } from '@cip/config';
import { InvalidInputError } from '@cip/contracts';
import type { IncomingMessage, MessageConsumerFactory } from '@cip/kafka';
import type { Logger } from '@cip/telemetry';
import { customerMergedEvent } from '@cip/testing';
import { CustomerKeyedStateMergeConsumer } from './customer-keyed-state-merge.consumer';
import type { CustomerMerge } from './postgres-customer-keyed-state.merger';

function message(value: unknown, key: string): IncomingMessage {
  return {
    topic: 'customer-merged',
    partition: 0,
    offset: '0',
    key,
    value: Buffer.from(JSON.stringify(value)),
    headers: {},
    timestamp: 0,
  };
}

describe('CustomerKeyedStateMergeConsumer', () => {
  const merges: CustomerMerge[] = [];
  const instance = new CustomerKeyedStateMergeConsumer(
    {} as ServiceConfig,
    {} as MessageConsumerFactory,
    { info: jest.fn() } as unknown as Logger,
    {
      merge: (merge: CustomerMerge) => {
        merges.push(merge);
        return Promise.resolve('merged' as const);
      },
    },
  );

  beforeEach(() => merges.splice(0));

  it('hands the merge over without the survivor or repeated ids', async () => {
    const event = customerMergedEvent({
      eventId: 'm-1',
      survivorId: 'a',
      mergedIds: ['b', 'b', 'c'],
    });
    await instance.handle(message(event, 'a'));
    expect(merges).toEqual([{ eventId: 'm-1', survivorId: 'a', mergedIds: ['b', 'c'] }]);
  });

  it('rejects a merge not keyed by its survivor as poison', async () => {
    const event = customerMergedEvent({ eventId: 'm-2', survivorId: 'a', mergedIds: ['b'] });
    await expect(instance.handle(message(event, 'b'))).rejects.toBeInstanceOf(InvalidInputError);
    expect(merges).toEqual([]);
  });
});
