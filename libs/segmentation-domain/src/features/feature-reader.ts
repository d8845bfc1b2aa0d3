import type { ProfileValue } from './customer-features';
import type { SeriesRef } from './feature-series';
import type { AggregateFn, FeatureWindow } from './feature-window';

/**
 * What the segment language may ask about one customer. Two implementations: the incremental
 * bucket state (`featuresReader`) and the naive full-history scan (`historyReader`), which is
 * the reference the property test holds the first to.
 */
export interface FeatureReader {
  /** count/sum are 0 over no events; avg/min/max are null. */
  aggregate(
    series: SeriesRef,
    fn: AggregateFn,
    window: FeatureWindow | undefined,
    nowMs: number,
  ): number | null;
  /** The measure of the latest event of the series (by event time), null if none. */
  latest(series: SeriesRef): number | null;
  /** Event time of the latest event of the series, null if none. */
  lastSeenMs(series: SeriesRef): number | null;
  profile(attribute: string): ProfileValue;
}

/** A reader that can also say when a windowed value next changes with time alone. */
export interface TimedFeatureReader extends FeatureReader {
  nextWindowChangeMs(series: SeriesRef, window: FeatureWindow, nowMs: number): number | null;
}
