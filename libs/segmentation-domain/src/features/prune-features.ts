import { bucketsFrom } from './bucket-list';
import { dayOf, monthOf } from './calendar';
import type { CustomerFeatures, SeriesState } from './customer-features';
import type { FeatureSpec } from './feature-spec';

/**
 * Advances the customer's clock to `nowMs` (never backwards) and drops buckets no window can
 * see from then on: day buckets at or before `today − dayHorizon`, month buckets before
 * `thisMonth − monthHorizon`. Series no longer in the spec keep only their all-time parts.
 * Windows are read relative to an evaluation time ≥ the clock, so pruning never changes a value.
 */
export function pruneFeatures(
  features: CustomerFeatures,
  spec: FeatureSpec,
  nowMs: number,
): CustomerFeatures {
  const clockMs = Math.max(features.clockMs ?? nowMs, nowMs);
  const today = dayOf(clockMs);
  const thisMonth = monthOf(clockMs);
  const series: Record<string, SeriesState> = {};
  for (const [key, state] of Object.entries(features.series)) {
    const tracked = spec.series[key];
    const firstDay = today - (tracked?.dayHorizon ?? 0) + 1;
    const firstMonth = thisMonth - (tracked?.monthHorizon ?? 0);
    const days = bucketsFrom(state.days, tracked?.dayHorizon ? firstDay : Infinity);
    const months = bucketsFrom(state.months, tracked?.monthHorizon ? firstMonth : Infinity);
    // Nothing dropped: keep the series as it is rather than copying it.
    series[key] =
      days === state.days && months === state.months ? state : { ...state, days, months };
  }
  return { ...features, clockMs, series };
}
