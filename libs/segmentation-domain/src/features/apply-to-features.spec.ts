import {
  applyEventToFeatures,
  applyProfileChangeToFeatures,
  type ProfileChange,
} from './apply-to-features';
import { dayOf, monthOf } from './calendar';
import { parseCustomerFeatures, type CustomerFeatures } from './customer-features';
import { seriesKey, type FeatureEvent } from './feature-series';
import { FeatureSpecBuilder } from './feature-spec';
import { featuresReader } from './features-reader';

const DAY = 86_400_000;
const NOW = Date.parse('2026-05-20T12:00:00.000Z');
const PURCHASES = { event: 'purchase.completed', field: 'amount' };
const NETWORK = { event: 'complaint.filed', where: { category: 'network' } };
const SPEC = new FeatureSpecBuilder(4)
  .needSeries(PURCHASES, { days: 30, months: 2 })
  .needSeries(NETWORK, { days: 7 })
  .needProfile('tier')
  .build();

const purchase = (id: string, daysAgo: number, amount: number): FeatureEvent => ({
  eventId: id,
  customerId: 'c',
  type: 'purchase.completed',
  occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
  payload: { amount, currency: 'EUR', productId: 'p' },
});

function applyAll(events: FeatureEvent[], nowMs = NOW): CustomerFeatures {
  let features: CustomerFeatures | undefined;
  for (const event of events)
    features = applyEventToFeatures(features, event, SPEC, nowMs).features;
  return features!;
}

describe('applyEventToFeatures', () => {
  it('puts each event in the bucket of its own day, whatever the arrival order', () => {
    const events = [purchase('a', 1, 10), purchase('b', 20, 5.5), purchase('c', 1, 2.25)];
    const inOrder = applyAll(events);
    const shuffled = applyAll([events[2]!, events[0]!, events[1]!]);
    const series = inOrder.series[seriesKey(PURCHASES)]!;
    expect(series.days).toEqual([
      [dayOf(NOW - 20 * DAY), 1, 550, 550, 550],
      [dayOf(NOW - DAY), 2, 1225, 225, 1000],
    ]);
    expect(series.months).toEqual([
      [monthOf(NOW - 20 * DAY), 1, 550],
      [monthOf(NOW - DAY), 2, 1225],
    ]);
    expect(series.total).toEqual([3, 1775, 225, 1000]);
    expect({ ...shuffled, recent: [] }).toEqual({ ...inOrder, recent: [] });
  });

  it('keeps sums exact in hundredths (no float drift)', () => {
    const features = applyAll([purchase('a', 0, 0.1), purchase('b', 0, 0.2)]);
    expect(featuresReader(features).aggregate(PURCHASES, 'sum', { days: 1 }, NOW)).toBe(0.3);
  });

  it('ignores events the series filter does not match', () => {
    const complaint = (id: string, category: string): FeatureEvent => ({
      eventId: id,
      customerId: 'c',
      type: 'complaint.filed',
      occurredAt: new Date(NOW).toISOString(),
      payload: { complaintId: id, category, severity: 'low' },
    });
    const features = applyAll([complaint('n', 'network'), complaint('b', 'billing')]);
    expect(featuresReader(features).aggregate(NETWORK, 'count', { days: 7 }, NOW)).toBe(1);
  });

  it('changes nothing for an event id still in the dedup ring', () => {
    const first = applyEventToFeatures(undefined, purchase('a', 0, 10), SPEC, NOW).features;
    const again = applyEventToFeatures(first, purchase('a', 0, 10), SPEC, NOW + DAY);
    expect(again).toEqual({ features: first, duplicate: true });
  });

  it('remembers only the last `dedupeRing` ids: older duplicates are the inbox’s job', () => {
    // Ring of 4 (SPEC): after 4 newer events, `a` is no longer recognised here.
    const features = applyAll(['a', 'b', 'c', 'd', 'e'].map((id) => purchase(id, 0, 1)));
    expect(features.recent).toHaveLength(4);
    expect(applyEventToFeatures(features, purchase('a', 0, 1), SPEC, NOW).duplicate).toBe(false);
    expect(applyEventToFeatures(features, purchase('b', 0, 1), SPEC, NOW).duplicate).toBe(true);
  });

  it('prunes buckets no window can see, keeping all-time totals and the latest event', () => {
    const features = applyAll([purchase('old', 29, 7), purchase('new', 1, 3)]);
    const later = applyEventToFeatures(
      features,
      purchase('x', -15, 1),
      SPEC,
      NOW + 40 * DAY,
    ).features;
    const series = later.series[seriesKey(PURCHASES)]!;
    // 30-day horizon at NOW+40d: only days from NOW+11d survive (the event dated ahead).
    expect(series.days.map(([day]) => day)).toEqual([dayOf(NOW + 15 * DAY)]);
    expect(series.total[0]).toBe(3);
    expect(series.last[0]).toBe(NOW + 15 * DAY);
    expect(later.clockMs).toBe(NOW + 40 * DAY);
  });

  it('never moves the clock backwards', () => {
    const features = applyAll([purchase('a', 0, 1)], NOW);
    expect(
      applyEventToFeatures(features, purchase('b', 0, 1), SPEC, NOW - DAY).features.clockMs,
    ).toBe(NOW);
  });

  it('refuses another customer’s event and a bad timestamp', () => {
    const features = applyAll([purchase('a', 0, 1)]);
    expect(() =>
      applyEventToFeatures(features, { ...purchase('b', 0, 1), customerId: 'x' }, SPEC, NOW),
    ).toThrow(expect.objectContaining({ code: 'CUSTOMER_MISMATCH' }) as Error);
    expect(() =>
      applyEventToFeatures(
        features,
        { ...purchase('b', 0, 1), occurredAt: 'yesterday' },
        SPEC,
        NOW,
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OCCURRED_AT' }) as Error);
  });

  it('round-trips through JSON and rejects unknown shapes', () => {
    const features = applyAll([purchase('a', 3, 12.5)]);
    expect(parseCustomerFeatures(JSON.parse(JSON.stringify(features)))).toEqual(features);
    expect(() => parseCustomerFeatures({ ...features, schemaVersion: 2 })).toThrow(
      expect.objectContaining({ code: 'CORRUPT_CUSTOMER_FEATURES' }) as Error,
    );
  });
});

describe('applyProfileChangeToFeatures', () => {
  const change = (id: string, daysAgo: number, fields: Record<string, unknown>): ProfileChange => ({
    eventId: id,
    customerId: 'c',
    occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
    changes: Object.entries(fields).map(([field, value]) => ({ field, value })),
  });

  it('keeps the latest write per kept attribute, whatever the arrival order', () => {
    let features = applyProfileChangeToFeatures(
      undefined,
      change('new', 1, { '/tier': 'gold', '/email': 'x@y' }),
      SPEC,
      NOW,
    ).features;
    features = applyProfileChangeToFeatures(
      features,
      change('old', 5, { '/tier': 'silver' }),
      SPEC,
      NOW,
    ).features;
    expect(featuresReader(features).profile('tier')).toBe('gold');
    // Attributes no definition needs are not kept (and personal data stays out of the hot state).
    expect(Object.keys(features.profile)).toEqual(['tier']);
    features = applyProfileChangeToFeatures(
      features,
      change('rm', 0, { '/tier': null }),
      SPEC,
      NOW,
    ).features;
    expect(featuresReader(features).profile('tier')).toBeNull();
  });
});
