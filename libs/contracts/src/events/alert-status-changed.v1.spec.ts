import { alertStatusChangedV1Schema, type AlertStatusChangedV1 } from './alert-status-changed.v1';

const valid: AlertStatusChangedV1 = {
  eventId: 'alert-status-changed-0123456789abcdef0123456789abcdef',
  type: 'alert.status.changed',
  version: 1,
  occurredAt: '2025-03-02T09:00:00.000Z',
  customerId: 'cust-000123',
  source: 'lifecycle',
  payload: {
    alertId: 'alert-5a1e9c2d7b3f4e6a8c0d1e2f3a4b5c6d',
    triggerId: 'repeated-complaints',
    severity: 'critical',
    from: 'actioned',
    to: 'resolved',
    alertVersion: 4,
    outcome: 'saved',
    actor: 'call-center/agent-17',
    note: null,
    at: '2025-03-02T09:00:00.000Z',
  },
};

describe('alert.status.changed v1', () => {
  it('accepts a resolution', () => {
    expect(alertStatusChangedV1Schema.parse(valid)).toEqual(valid);
  });

  it.each([
    ['an unknown status', { to: 'closed' }],
    ['a zero alert version', { alertVersion: 0 }],
    ['a missing outcome field', { outcome: undefined }],
    ['an empty actor', { actor: '' }],
  ])('rejects %s', (_name, change) => {
    const event = { ...valid, payload: { ...valid.payload, ...change } };
    expect(alertStatusChangedV1Schema.safeParse(event).success).toBe(false);
  });

  it('rejects another type', () => {
    expect(
      alertStatusChangedV1Schema.safeParse({ ...valid, type: 'attrition.alert.raised' }).success,
    ).toBe(false);
  });
});
