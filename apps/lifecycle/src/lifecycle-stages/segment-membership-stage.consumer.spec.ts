import { InvalidInputError, SEGMENT_MEMBERSHIP_CHANGED } from '@cip/contracts';
import type { ServiceConfig } from '@cip/config';
import type { IncomingMessage, MessageConsumerFactory } from '@cip/kafka';
import type { TrackLifecycleStageUseCase } from '@cip/lifecycle-domain';
import type { Logger } from '@cip/telemetry';
import { SegmentMembershipStageConsumer } from './segment-membership-stage.consumer';

const event = {
  eventId: 'm-1',
  type: SEGMENT_MEMBERSHIP_CHANGED,
  version: 1,
  occurredAt: '2025-03-01T10:00:00.000Z',
  customerId: 'cust-1',
  source: 'segmentation',
  payload: {
    segmentId: 'lifecycle-stage.new',
    definitionVersion: 1,
    change: 'entered',
    triggeringEventId: 'c-2',
    reason: { summary: 'opened an account', values: { tenureDays: 1 } },
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
  const execute = jest.fn(async () => ({ status: 'ignored' as const }));
  const executeBatch = jest.fn(async (events: unknown[]) =>
    events.map(() => ({ status: 'ignored' as const })),
  );
  const instance = new SegmentMembershipStageConsumer(
    {} as ServiceConfig,
    {} as MessageConsumerFactory,
    { info: jest.fn() } as unknown as Logger,
    { execute, executeBatch } as unknown as TrackLifecycleStageUseCase,
  );
  return { instance, execute, executeBatch };
}

describe('SegmentMembershipStageConsumer', () => {
  it('hands a valid change to the stage tracker', async () => {
    const { instance, execute } = consumer();
    await instance.handle(message(event));
    expect(execute).toHaveBeenCalledWith(expect.objectContaining({ eventId: 'm-1' }));
  });

  it.each([
    ['malformed JSON', message('{not json')],
    ['a contract violation', message({ ...event, payload: { ...event.payload, change: 'x' } })],
    ['a key that is not the customer', message(event, 'someone-else')],
  ])('rejects %s as poison (dead-letter)', async (_label, poison) => {
    const { instance, execute } = consumer();
    await expect(instance.handle(poison)).rejects.toBeInstanceOf(InvalidInputError);
    expect(execute).not.toHaveBeenCalled();
  });

  it('hands a whole partition batch to the stage tracker in offset order', async () => {
    const { instance, executeBatch } = consumer();
    await instance.handleBatch([message(event), message({ ...event, eventId: 'm-2' })]);
    expect(executeBatch).toHaveBeenCalledTimes(1);
    expect(executeBatch.mock.calls[0]?.[0]).toEqual([
      expect.objectContaining({ eventId: 'm-1' }),
      expect.objectContaining({ eventId: 'm-2' }),
    ]);
  });

  it('fails a batch with a poison message as a whole, before any work (the bus then goes one by one)', async () => {
    const { instance, executeBatch } = consumer();
    await expect(
      instance.handleBatch([message(event), message('{not json')]),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(executeBatch).not.toHaveBeenCalled();
  });
});
