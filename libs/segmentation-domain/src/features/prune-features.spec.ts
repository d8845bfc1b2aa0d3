import { applyEventToFeatures } from './apply-to-features';
import type { CustomerFeatures } from './customer-features';
import { seriesKey, type FeatureEvent } from './feature-series';
import { FeatureSpecBuilder } from './feature-spec';
import { decodeFeaturesHash, encodeFeaturesHash } from './features-hash.codec';
import { pruneFeatures } from './prune-features';

const DAY = 86_400_000;
const NOW = Date.parse('2026-05-20T12:00:00.000Z');
const PURCHASES = { event: 'purchase.completed', field: 'amount' };
const CALLS = { event: 'call.completed' };
const SPEC = new FeatureSpecBuilder(4)
  .needSeries(PURCHASES, { days: 7 })
  .needSeries(CALLS, { days: 30 })
  .build();

const event = (id: string, type: string, daysAgo: number): FeatureEvent => ({
  eventId: id,
  customerId: 'c',
  type,
  occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
  payload: { amount: 10, currency: 'EUR', productId: 'p', direction: 'inbound' },
});

function features(): CustomerFeatures {
  let state: CustomerFeatures | undefined;
  for (const e of [event('p', 'purchase.completed', 5), event('c', 'call.completed', 5)])
    state = applyEventToFeatures(state, e, SPEC, NOW).features;
  return state!;
}

describe('pruneFeatures', () => {
  it('keeps a series nothing was dropped from by reference, and replaces the pruned one', () => {
    const before = features();
    // Three days later the purchase (7-day horizon) falls out; the call (30 days) stays.
    const after = pruneFeatures(before, SPEC, NOW + 3 * DAY);
    const purchases = seriesKey(PURCHASES);
    const calls = seriesKey(CALLS);
    expect(after.series[calls]).toBe(before.series[calls]);
    expect(after.series[purchases]).not.toBe(before.series[purchases]);
    expect(after.series[purchases]?.days).toEqual([]);
    expect(after.series[purchases]?.total[0]).toBe(1);
  });

  it('encodes a series kept by reference exactly as a freshly decoded copy of it', () => {
    const before = features();
    const after = pruneFeatures(before, SPEC, NOW + 3 * DAY);
    const fresh = decodeFeaturesHash(encodeFeaturesHash(after), 'c', SPEC);
    expect(encodeFeaturesHash(after)).toEqual(encodeFeaturesHash(structuredClone(fresh)));
  });
});
