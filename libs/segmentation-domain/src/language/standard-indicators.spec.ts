import { applyEventToFeatures } from '../features/apply-to-features';
import type { CustomerFeatures } from '../features/customer-features';
import { featuresReader } from '../features/features-reader';
import { STANDARD_FEATURE_SPEC } from '../features/standard-features';
import { featureSpecFor } from './condition-requirements';
import type { Condition } from './segment-condition.schema';
import { readStandardIndicators, STANDARD_INDICATORS } from './standard-indicators';

const DAY = 86_400_000;
const NOW = Date.parse('2026-07-15T12:00:00.000Z');

describe('standard indicators', () => {
  it('need nothing the standard feature set does not keep', () => {
    const conditions = Object.values(STANDARD_INDICATORS).map((left): Condition => ({
      kind: 'compare',
      op: '=',
      left,
      right: 0,
    }));
    for (const needed of Object.values(featureSpecFor(conditions).series)) {
      const kept = STANDARD_FEATURE_SPEC.series[needed.key];
      expect(kept).toBeDefined();
      expect(kept!.dayHorizon).toBeGreaterThanOrEqual(needed.dayHorizon);
      expect(kept!.monthHorizon).toBeGreaterThanOrEqual(needed.monthHorizon);
    }
  });

  it('reads RFM inputs, spend trend and satisfaction', () => {
    let features: CustomerFeatures | undefined;
    const events: Array<[string, number, object]> = [
      ['purchase.completed', 100, { amount: 80, currency: 'EUR', productId: 'p' }], // April
      ['purchase.completed', 20, { amount: 20, currency: 'EUR', productId: 'p' }], // June
      ['purchase.completed', 3, { amount: 999, currency: 'EUR', productId: 'p' }], // July (current)
      ['survey.answered', 50, { score: 9, scale: 'nps-0-10' }],
      ['survey.answered', 10, { score: 4, scale: 'nps-0-10' }],
    ];
    events.forEach(([type, daysAgo, payload], i) => {
      features = applyEventToFeatures(
        features,
        {
          eventId: `e${i}`,
          customerId: 'c',
          type,
          occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
          payload,
        },
        STANDARD_FEATURE_SPEC,
        NOW,
      ).features;
    });
    expect(readStandardIndicators(featuresReader(features!), NOW)).toEqual({
      recencyDays: 3,
      frequency12m: 2,
      monetary12m: 100,
      spendLast3m: 100,
      spendPrevious3m: 0,
      spendTrend: null,
      satisfactionLatest: 4,
      // Complete months only: the July survey counts from August on.
      satisfactionAvg12m: 9,
      complaints90d: 0,
      calls90d: 0,
      incidents30d: 0,
    });
  });
});
