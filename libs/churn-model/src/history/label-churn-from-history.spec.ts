import { contactEventV1Schema, type ContactEvent } from '@cip/contracts';
import { DAY_MS } from '../features/extract-churn-features';
import { labelChurnFromHistory, valueChurnAt } from './label-churn-from-history';
import { pruneBefore, retainedHistory } from './history-retention';

const END = Date.parse('2026-06-01T00:00:00Z');
let n = 0;
function at(daysBefore: number, type: string, payload: Record<string, unknown>): ContactEvent {
  n += 1;
  return contactEventV1Schema.parse({
    eventId: `e${n}`,
    type,
    version: 1,
    occurredAt: new Date(END - daysBefore * DAY_MS).toISOString(),
    customerId: 'c1',
    source: 'test',
    payload,
  });
}
const bill = (d: number, amount = 30, status = 'on-time') =>
  at(d, 'payment.recorded', { amount, currency: 'EUR', status });
const closed = (d: number, initiatedBy: string, reason: string) =>
  at(d, 'account.closed', { accountId: 'a1', initiatedBy, reason });
const label = (events: ContactEvent[], silentAfterDays = 60) =>
  labelChurnFromHistory('c1', events, { observedUntil: END, silentAfterDays });

describe('labelChurnFromHistory', () => {
  it('dates churn at a customer-initiated closure, with the cancellation request’s reason as cause', () => {
    const outcome = label([
      bill(100),
      at(40, 'contract.cancellation-requested', { contractId: 'k', reason: 'price' }),
      closed(20, 'customer', 'customer-request'),
      bill(10),
    ]);
    expect(outcome).toEqual({
      customerId: 'c1',
      kind: 'quantity',
      cause: 'price',
      churnAt: END - 20 * DAY_MS,
    });
  });

  it('reads a move to a competitor from the closure reason', () => {
    expect(label([bill(50), closed(5, 'customer', 'moved-to-competitor')]).cause).toBe(
      'competitor',
    );
  });

  it('does not count closures the company made or that are not leaving', () => {
    expect(label([bill(30), closed(5, 'company', 'default'), bill(1)]).churnAt).toBeUndefined();
    expect(
      label([bill(30), closed(5, 'customer', 'consolidated'), bill(1)]).churnAt,
    ).toBeUndefined();
  });

  it('counts a long silence up to the end of the history as silent churn at the last event', () => {
    const silent = label([bill(200), bill(170), bill(140)]);
    expect(silent).toMatchObject({
      kind: 'quantity',
      churnAt: END - 140 * DAY_MS,
      cause: undefined,
    });
    expect(label([bill(200), bill(30)]).churnAt).toBeUndefined();
    expect(label([bill(200), bill(140)], 0).churnAt).toBeUndefined();
  });

  it('ignores what happened after the observed end', () => {
    expect(label([bill(30), closed(-5, 'customer', 'customer-request')]).churnAt).toBeUndefined();
  });
});

describe('value churn from the history', () => {
  const monthly = (from: number, to: number, amount: (d: number) => number) =>
    Array.from({ length: Math.floor((from - to) / 30) + 1 }, (_, i) => from - 30 * i).map((d) =>
      bill(d, amount(d)),
    );

  it('dates value churn where the bills settle lower for good', () => {
    const bills = monthly(330, 0, (d) => (d > 150 ? 40 : 15));
    const outcome = label(bills);
    expect(outcome.kind).toBe('value');
    const days = (END - (outcome.churnAt ?? 0)) / DAY_MS;
    // The last 40 bill is 180 days back, the first 15 one 150 days back.
    expect(days).toBeGreaterThanOrEqual(150);
    expect(days).toBeLessThanOrEqual(180);
  });

  it('is not fooled by one small bill, a missed payment or a short history after the drop', () => {
    expect(label(monthly(330, 0, (d) => (d === 90 ? 10 : 40))).churnAt).toBeUndefined();
    expect(label([...monthly(330, 0, () => 40), bill(45, 40, 'missed')]).churnAt).toBeUndefined();
    expect(label(monthly(330, 0, (d) => (d > 20 ? 40 : 10))).churnAt).toBeUndefined();
  });

  it('can be turned off', () => {
    expect(
      valueChurnAt(
        monthly(330, 0, (d) => (d > 150 ? 40 : 15)),
        END,
        0,
      ),
    ).toBeUndefined();
  });
});

describe('retainedHistory', () => {
  it('keeps the events of the retention window before the snapshot', () => {
    const events = [bill(500), bill(401), bill(399), bill(1)];
    expect(retainedHistory(events, END, 400)).toEqual(events.slice(2));
    expect(pruneBefore(END, 400)).toBe(END - 400 * DAY_MS);
  });
});
