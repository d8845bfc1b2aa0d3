import { InvalidInputError } from '@cip/contracts';
import type { IncomingMessage, MessageConsumerFactory } from '@cip/kafka';
import type { WatchContactEventsUseCase } from '@cip/lifecycle-domain';
import type { ServiceConfig } from '@cip/config';
import type { Logger } from '@cip/telemetry';
import { ContactEventsConsumer } from './contact-events.consumer';

const event = {
  eventId: 'ce-1',
  type: 'complaint.filed',
  version: 1,
  occurredAt: '2025-03-01T10:00:00.000Z',
  customerId: 'cust-1',
  source: 'ingestion',
  payload: { complaintId: 'C-1', category: 'billing', severity: 'low' },
};

function message(value: unknown, key: string | null = 'cust-1'): IncomingMessage {
  return {
    topic: 'contact-events',
    partition: 0,
    offset: '0',
    key,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: {},
    timestamp: 0,
  };
}

function consumer() {
  const executeBatch = jest.fn(async (events: readonly unknown[]) =>
    events.map(() => ({
      status: 'evaluated' as const,
      fired: [],
      hits: [],
      timers: { cancel: [], arm: [] },
    })),
  );
  const instance = new ContactEventsConsumer(
    {} as ServiceConfig,
    {} as MessageConsumerFactory,
    { debug: jest.fn(), isLevelEnabled: () => false } as unknown as Logger,
    { executeBatch } as unknown as WatchContactEventsUseCase,
  );
  return { instance, execute: executeBatch };
}

describe('ContactEventsConsumer', () => {
  it('hands a valid contact event to the use case', async () => {
    const { instance, execute } = consumer();
    await instance.handle(message(event));
    expect(execute).toHaveBeenCalledWith([expect.objectContaining({ eventId: 'ce-1' })]);
  });

  it('hands a whole partition batch over at once, in offset order', async () => {
    const { instance, execute } = consumer();
    await instance.handleBatch([
      message(event),
      message({ ...event, eventId: 'ce-2', customerId: 'cust-2' }, 'cust-2'),
    ]);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(execute.mock.calls[0]![0]).toEqual([
      expect.objectContaining({ eventId: 'ce-1' }),
      expect.objectContaining({ eventId: 'ce-2' }),
    ]);
  });

  it('fails a batch holding a poison message before any work (the bus then goes one by one)', async () => {
    const { instance, execute } = consumer();
    await expect(
      instance.handleBatch([message(event), message('{not json')]),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(execute).not.toHaveBeenCalled();
  });

  it.each([
    ['malformed JSON', message('{not json')],
    ['an unknown type', message({ ...event, type: 'complaint.exploded' })],
    ['a payload violation', message({ ...event, payload: { complaintId: 'C-1' } })],
    ['a key that is not the customer', message(event, 'someone-else')],
  ])('rejects %s as poison (dead-letter)', async (_label, poison) => {
    const { instance, execute } = consumer();
    await expect(instance.handle(poison)).rejects.toBeInstanceOf(InvalidInputError);
    expect(execute).not.toHaveBeenCalled();
  });
});
