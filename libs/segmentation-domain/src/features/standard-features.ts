import { FeatureSpecBuilder, type FeatureSpec } from './feature-spec';

/**
 * The standard feature set every customer keeps whatever the active definitions, and the one the
 * ≤ 1 KB of Redis per customer aim is measured with (ADR 0007): spend for RFM, value tiers and
 * the quarter-on-quarter ARPU trend, complaints, contacts, incidents and satisfaction. Windows
 * longer than 90 days read month buckets (year-long RFM = the last 12 complete months), which
 * keeps a frequent buyer's hash small.
 */
export const STANDARD_FEATURE_SPEC: FeatureSpec = new FeatureSpecBuilder()
  .needSeries({ event: 'purchase.completed', field: 'amount' }, { days: 90, months: 12 })
  // Recency: the latest purchase of any kind (no buckets, just the all-time part).
  .needSeries({ event: 'purchase.completed' })
  .needSeries({ event: 'complaint.filed' }, { days: 90 })
  .needSeries({ event: 'call.completed' }, { days: 90 })
  .needSeries({ event: 'service.incident' }, { days: 30 })
  // Satisfaction: the latest score and the average over the last 12 complete months.
  .needSeries(
    { event: 'survey.answered', where: { scale: 'nps-0-10' }, field: 'score' },
    { days: 90, months: 12 },
  )
  .build();
