import { PlatformError } from '@cip/contracts';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor';
import { MAX_ALERTS, toAlertListFilter } from './list-alerts.query';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof PlatformError ? error.code : 'NOT_A_PLATFORM_ERROR';
  }
};

describe('GET /v1/alerts query', () => {
  it('keeps the historical ?customerId= query working (latest 100)', () => {
    expect(toAlertListFilter({ customerId: 'cust-1' })).toEqual({
      customerId: 'cust-1',
      statuses: undefined,
      severities: undefined,
      overdue: undefined,
      limit: MAX_ALERTS,
      after: undefined,
    });
    expect(codeOf(() => toAlertListFilter({ customerId: 'bad id' }))).toBe('INVALID_CUSTOMER_ID');
  });

  it('reads comma lists and repeated parameters, overdue and limit', () => {
    expect(
      toAlertListFilter({
        status: ['open', 'acknowledged,actioned'],
        severity: 'critical,high',
        overdue: 'true',
        limit: '20',
      }),
    ).toMatchObject({
      statuses: ['open', 'acknowledged', 'actioned'],
      severities: ['critical', 'high'],
      overdue: true,
      limit: 20,
    });
    expect(toAlertListFilter({ overdue: 'false' }).overdue).toBe(false);
  });

  it.each([
    [{ status: 'closed' }],
    [{ severity: 'urgent' }],
    [{ overdue: 'yes' }],
    [{ limit: '0' }],
    [{ limit: '101' }],
    [{ cursor: 'not-a-cursor' }],
  ])('refuses %j with INVALID_ALERT_QUERY', (query) => {
    expect(codeOf(() => toAlertListFilter(query))).toBe('INVALID_ALERT_QUERY');
  });

  it('round-trips the keyset cursor', () => {
    const cursor = { raisedAt: new Date('2025-03-01T10:00:00.123Z'), alertId: 'alert-1' };
    expect(decodeAlertCursor(encodeAlertCursor(cursor))).toEqual(cursor);
    expect(toAlertListFilter({ cursor: encodeAlertCursor(cursor) }).after).toEqual(cursor);
  });
});
