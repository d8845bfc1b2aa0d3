import { InvalidInputError, SEGMENT_MEMBERSHIP_CHANGED } from '@cip/contracts';
import type { IncomingMessage, MessageConsumerFactory } from '@cip/kafka';
import type { RaiseAlertsUseCase } from '@cip/lifecycle-domain';
import type { ServiceConfig } from '@cip/config';
import type { Logger } from '@cip/telemetry';
import { SegmentMembershipConsumer } from './segment-membership.consumer';

const event = {
  eventId: 'm-1',
  type: SEGMENT_MEMBERSHIP_CHANGED,
  version: 1,
  occurredAt: '2025-03-01T10:00:00.000Z',
  customerId: 'cust-1',
  source: 'segmentation',
  payload: {
    segmentId: 'repeated-complainers',
    definitionVersion: 1,
    change: 'entered',
    triggeringEventId: 'c-2',
    reason: { summary: '2 complaints', values: { complaints: 2 } },
  },
};

function message(value: unknown, key: string | null = 'cust-1'): IncomingMessage {
  return {
    topic: 'segment-membership',
    partition: 0,
    offset: '0',
    key,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: {},
    timestamp: 0,
  };
}

function consumer() {
  const execute = jest.fn(async (changes: readonly unknown[]) =>
    changes.map(() => ({ status: 'evaluated' as const, fired: [] })),
  );
  const logger = { info: jest.fn() } as unknown as Logger;
  const instance = new SegmentMembershipConsumer(
    {} as ServiceConfig,
    {} as MessageConsumerFactory,
    logger,
    { executeBatch: execute } as unknown as RaiseAlertsUseCase,
  );
  return { instance, execute };
}

describe('SegmentMembershipConsumer', () => {
  it('hands a valid change to the use case', async () => {
    const { instance, execute } = consumer();
    await instance.handle(message(event));
    expect(execute).toHaveBeenCalledWith([expect.objectContaining({ eventId: 'm-1' })]);
  });

  it.each([
    ['malformed JSON', message('{not json')],
    [
      'a contract violation',
      message({ ...event, payload: { ...event.payload, change: 'joined' } }),
    ],
    ['a key that is not the customer', message(event, 'someone-else')],
  ])('rejects %s as poison (dead-letter)', async (_label, poison) => {
    const { instance, execute } = consumer();
    await expect(instance.handle(poison)).rejects.toBeInstanceOf(InvalidInputError);
    expect(execute).not.toHaveBeenCalled();
  });
});
