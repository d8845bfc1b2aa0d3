import { ALERT_STATUS_CHANGED, InvalidInputError } from '@cip/contracts';
import type { ServiceConfig } from '@cip/config';
import type { IncomingMessage, MessageConsumerFactory } from '@cip/kafka';
import type { CloseAlertUseCase } from '@cip/nba-domain';
import type { Logger } from '@cip/telemetry';
import { AlertStatusConsumer } from './alert-status.consumer';

const event = {
  eventId: 'alert-status-changed-1',
  type: ALERT_STATUS_CHANGED,
  version: 1,
  occurredAt: '2025-03-02T09:00:00.000Z',
  customerId: 'cust-1',
  source: 'lifecycle',
  payload: {
    alertId: 'alert-1',
    triggerId: 'repeated-complaints',
    severity: 'high',
    from: 'actioned',
    to: 'resolved',
    alertVersion: 4,
    outcome: 'saved',
    actor: 'agent-17',
    note: null,
    at: '2025-03-02T09:00:00.000Z',
  },
};

function message(value: unknown, key: string | null = 'cust-1'): IncomingMessage {
  return {
    topic: 'alert-status',
    partition: 0,
    offset: '0',
    key,
    value: Buffer.from(JSON.stringify(value)),
    headers: {},
    timestamp: 0,
  };
}

describe('AlertStatusConsumer', () => {
  const execute = jest.fn(async () => 'closed' as const);
  const instance = new AlertStatusConsumer(
    {} as ServiceConfig,
    {} as MessageConsumerFactory,
    { info: jest.fn() } as unknown as Logger,
    { execute } as unknown as CloseAlertUseCase,
  );

  beforeEach(() => execute.mockClear());

  it('hands a valid status change to the use case', async () => {
    await instance.handle(message(event));
    expect(execute).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'alert-status-changed-1' }),
    );
  });

  it('rejects an invalid status change or a wrong key as poison', async () => {
    await expect(
      instance.handle(message({ ...event, payload: { ...event.payload, to: 'closed' } })),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(instance.handle(message(event, 'other'))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(execute).not.toHaveBeenCalled();
  });
});
