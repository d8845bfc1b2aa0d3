import { ATTRITION_ALERT_RAISED, InvalidInputError } from '@cip/contracts';
import type { ServiceConfig } from '@cip/config';
import type { IncomingMessage, MessageConsumerFactory } from '@cip/kafka';
import type { RecordOpenAlertUseCase } from '@cip/nba-domain';
import type { Logger } from '@cip/telemetry';
import { AttritionAlertsConsumer } from './attrition-alerts.consumer';

const event = {
  eventId: 'attrition-alert-raised-1',
  type: ATTRITION_ALERT_RAISED,
  version: 1,
  occurredAt: '2025-03-01T10:00:00.000Z',
  customerId: 'cust-1',
  source: 'lifecycle',
  payload: {
    alertId: 'alert-1',
    triggerId: 'repeated-complaints',
    reason: 'two complaints',
    severity: 'high',
    valueTier: 'unknown',
    suggestedStrategy: 'call within 48 hours',
    deadline: '2025-03-03T10:00:00.000Z',
    evidence: {},
  },
};

function message(value: unknown, key: string | null = 'cust-1'): IncomingMessage {
  return {
    topic: 'attrition-alerts',
    partition: 0,
    offset: '0',
    key,
    value: Buffer.from(JSON.stringify(value)),
    headers: {},
    timestamp: 0,
  };
}

describe('AttritionAlertsConsumer', () => {
  const execute = jest.fn(async () => 'recorded' as const);
  const instance = new AttritionAlertsConsumer(
    {} as ServiceConfig,
    {} as MessageConsumerFactory,
    { info: jest.fn() } as unknown as Logger,
    { execute } as unknown as RecordOpenAlertUseCase,
  );

  beforeEach(() => execute.mockClear());

  it('records a valid alert', async () => {
    await instance.handle(message(event));
    expect(execute).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'attrition-alert-raised-1' }),
    );
  });

  it('rejects an invalid alert or a wrong key as poison', async () => {
    await expect(
      instance.handle(message({ ...event, payload: { ...event.payload, severity: 'urgent' } })),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(instance.handle(message(event, 'other'))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(execute).not.toHaveBeenCalled();
  });
});
