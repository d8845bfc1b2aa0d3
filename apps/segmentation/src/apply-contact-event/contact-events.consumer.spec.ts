import { InvalidInputError } from '@cip/contracts';
import type { IncomingMessage } from '@cip/kafka';
import { ContactEventsConsumer } from './contact-events.consumer';
import type { ApplyContactEventUseCase } from './apply-contact-event.use-case';

const event = {
  eventId: 'ev-1',
  type: 'complaint.filed',
  version: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  customerId: 'c-1',
  source: 'test',
  payload: { complaintId: 'k1', category: 'billing' },
};

function message(value: string | null, key: string | null = 'c-1'): IncomingMessage {
  return {
    topic: 'contact-events',
    partition: 0,
    offset: '0',
    key,
    value: value === null ? null : Buffer.from(value),
    headers: {},
    timestamp: 0,
  };
}

function consumerWith(execute: jest.Mock) {
  const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  return new ContactEventsConsumer(
    {} as never,
    {} as never,
    logger as never,
    { execute } as unknown as ApplyContactEventUseCase,
  );
}

describe('ContactEventsConsumer.handle', () => {
  it('decodes with the contract and calls the use case once', async () => {
    const execute = jest.fn().mockResolvedValue({ status: 'applied', changes: [] });
    await consumerWith(execute).handle(message(JSON.stringify(event)));
    expect(execute).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'ev-1',
        payload: expect.objectContaining({ severity: 'medium' }),
      }),
    );
  });

  it.each([
    ['malformed JSON', message('{nope')],
    ['no value', message(null)],
    ['contract violation', message(JSON.stringify({ ...event, type: 'complaint.exploded' }))],
    ['key is not the customer', message(JSON.stringify(event), 'c-2')],
  ])('%s → InvalidInputError (dead-letter)', async (_label, input) => {
    const execute = jest.fn();
    await expect(consumerWith(execute).handle(input)).rejects.toBeInstanceOf(InvalidInputError);
    expect(execute).not.toHaveBeenCalled();
  });
});
