import type { CustomerFeatures } from '../features/customer-features';
import { applyEventToFeatures } from '../features/apply-to-features';
import { featureSpecFor } from './condition-requirements';
import { nextTimeChange, nextTimeChangeOfSet } from './next-time-change';
import { parseCondition } from './validate-condition';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T15:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function featuresOf(json: unknown, events: Array<[type: string, atMs: number, payload?: object]>) {
  const condition = parseCondition(json);
  const spec = featureSpecFor([condition]);
  let features: CustomerFeatures | undefined;
  events.forEach(([type, atMs, payload], i) => {
    features = applyEventToFeatures(
      features,
      { eventId: `e${i}`, customerId: 'c', type, occurredAt: iso(atMs), payload: payload ?? {} },
      spec,
      NOW,
    ).features;
  });
  return { condition, features: features! };
}

const complaints30 = {
  kind: 'compare',
  op: '>=',
  left: { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 30 } },
  right: 2,
};
const noPurchase60 = {
  kind: 'compare',
  op: '>=',
  left: { kind: 'daysSince', event: 'purchase.completed' },
  right: 60,
};
const buy = (atMs: number): [string, number, object] => [
  'purchase.completed',
  atMs,
  { amount: 10, currency: 'EUR', productId: 'p' },
];

describe('nextTimeChange', () => {
  it('is the midnight the oldest counted complaint leaves the 30-day window', () => {
    const oldest = Date.parse('2026-02-20T09:30:00.000Z');
    const { condition, features } = featuresOf(complaints30, [
      ['complaint.filed', NOW - DAY],
      ['complaint.filed', oldest],
    ]);
    // Day of 2026-02-20 + 30 days = 2026-03-22 00:00 UTC.
    expect(iso(nextTimeChange(features, condition, NOW)!)).toBe('2026-03-22T00:00:00.000Z');
  });

  it('skips window changes that do not flip the result', () => {
    // Three complaints: the first leaving keeps 2 ≥ 2; the flip is when the second leaves.
    const { condition, features } = featuresOf(complaints30, [
      ['complaint.filed', Date.parse('2026-02-15T10:00:00.000Z')],
      ['complaint.filed', Date.parse('2026-02-25T10:00:00.000Z')],
      ['complaint.filed', NOW],
    ]);
    expect(iso(nextTimeChange(features, condition, NOW)!)).toBe('2026-03-27T00:00:00.000Z');
  });

  it('is exactly 60 days after the last purchase for "no purchase for 60 days"', () => {
    const last = NOW - 10 * DAY - 1234;
    const { condition, features } = featuresOf(noPurchase60, [buy(last - 40 * DAY), buy(last)]);
    expect(nextTimeChange(features, condition, NOW)).toBe(last + 60 * DAY);
    // Once lapsed, time alone never ends it.
    expect(nextTimeChange(features, condition, last + 61 * DAY)).toBeNull();
  });

  it('never fires for a customer who never bought (recency stays unknown)', () => {
    const { condition, features } = featuresOf(noPurchase60, [['call.completed', NOW]]);
    expect(nextTimeChange(features, condition, NOW)).toBeNull();
  });

  it('finds the end of a recency band', () => {
    const last = NOW - 3 * DAY;
    const { condition, features } = featuresOf(
      {
        kind: 'between',
        value: { kind: 'daysSince', event: 'purchase.completed' },
        min: 2,
        max: 9,
      },
      [buy(last)],
    );
    expect(nextTimeChange(features, condition, NOW)).toBe(last + 10 * DAY);
    expect(nextTimeChange(features, condition, last)).toBe(last + 2 * DAY);
  });

  it('is the start of a month for a month-over-month trend', () => {
    const trend = {
      kind: 'compare',
      op: '>',
      left: {
        kind: 'aggregate',
        fn: 'sum',
        event: 'purchase.completed',
        field: 'amount',
        window: { months: 1 },
      },
      right: 0,
    };
    // A March purchase enters the "last complete month" window on 1 April.
    const { condition, features } = featuresOf(trend, [buy(NOW - DAY)]);
    expect(iso(nextTimeChange(features, condition, NOW)!)).toBe('2026-04-01T00:00:00.000Z');
    expect(iso(nextTimeChange(features, condition, Date.parse('2026-04-02T00:00:00Z'))!)).toBe(
      '2026-05-01T00:00:00.000Z',
    );
  });

  it('is null for conditions time cannot change', () => {
    const { condition, features } = featuresOf(
      {
        kind: 'and',
        rules: [
          {
            kind: 'compare',
            op: '>=',
            left: { kind: 'aggregate', fn: 'count', event: 'call.completed' },
            right: 1,
          },
          { kind: 'inSegment', segmentId: 'vip' },
          { kind: 'compare', op: '=', left: { kind: 'profile', attribute: 'tier' }, right: 'gold' },
        ],
      },
      [['call.completed', NOW]],
    );
    expect(nextTimeChange(features, condition, NOW)).toBeNull();
  });

  it('counts a complaint dated ahead from the midnight it enters the window', () => {
    const ahead = Date.parse('2026-03-12T08:00:00.000Z');
    const { condition, features } = featuresOf(complaints30, [
      ['complaint.filed', NOW],
      ['complaint.filed', ahead],
    ]);
    expect(iso(nextTimeChange(features, condition, NOW)!)).toBe('2026-03-12T00:00:00.000Z');
  });

  it('takes the earliest instant over a set of definitions', () => {
    const last = NOW - 10 * DAY;
    const both = [parseCondition(complaints30), parseCondition(noPurchase60)];
    const spec = featureSpecFor(both);
    let features: CustomerFeatures | undefined;
    [buy(last), ['complaint.filed', NOW - DAY] as const, ['complaint.filed', NOW] as const].forEach(
      ([type, atMs, payload], i) => {
        features = applyEventToFeatures(
          features,
          {
            eventId: `e${i}`,
            customerId: 'c',
            type,
            occurredAt: iso(atMs),
            payload: payload ?? {},
          },
          spec,
          NOW,
        ).features;
      },
    );
    // The complaints leave on 2026-04-08/09; the 60 days are reached on 2026-04-29.
    expect(iso(nextTimeChangeOfSet(features!, both, NOW)!)).toBe('2026-04-08T00:00:00.000Z');
  });
});
