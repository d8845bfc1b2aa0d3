import { SegmentationError } from '../definitions/segment-definition';
import { bucketsIn } from './bucket-list';
import type { Bucket, CustomerFeatures } from './customer-features';
import type { TimedFeatureReader } from './feature-reader';
import { MEASURE_SCALE, seriesKey, type SeriesRef } from './feature-series';
import { nextWindowChangeMs, windowSpan, type AggregateFn } from './feature-window';

/** Reads windowed values from the incremental buckets; O(buckets in the window). */
export function featuresReader(features: CustomerFeatures): TimedFeatureReader {
  const seriesOf = (ref: SeriesRef) => features.series[seriesKey(ref)];
  return {
    aggregate(ref, fn, window, nowMs) {
      const state = seriesOf(ref);
      if (!window) return combine(fn, state ? [state.total] : []);
      const span = windowSpan(window, nowMs);
      if (span.unit === 'day') {
        const days = bucketsIn(state?.days ?? [], span.first, span.last);
        return combine(
          fn,
          days.map(([, count, sum, min, max]): Bucket => [count, sum, min, max]),
        );
      }
      if (fn === 'min' || fn === 'max') {
        throw new SegmentationError('UNSUPPORTED_AGGREGATE', `${fn} over months is not kept`);
      }
      const months = bucketsIn(state?.months ?? [], span.first, span.last);
      const buckets = months.map(([, count, sum]): Bucket => [count, sum, 0, 0]);
      return combine(fn, buckets);
    },
    latest(ref) {
      const state = seriesOf(ref);
      return state ? state.last[1] / MEASURE_SCALE : null;
    },
    lastSeenMs(ref) {
      return seriesOf(ref)?.last[0] ?? null;
    },
    profile(attribute) {
      return features.profile[attribute]?.[0] ?? null;
    },
    nextWindowChangeMs(ref, window, nowMs) {
      const state = seriesOf(ref);
      const buckets = ('days' in window ? state?.days : state?.months) ?? [];
      return nextWindowChangeMs(
        buckets.map(([index]) => index),
        window,
        nowMs,
      );
    },
  };
}

/** Combines buckets (measures in hundredths) into the value the language sees. */
export function combine(fn: AggregateFn, buckets: readonly Bucket[]): number | null {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const [n, s, lo, hi] of buckets) {
    if (n === 0) continue;
    count += n;
    sum += s;
    min = Math.min(min, lo);
    max = Math.max(max, hi);
  }
  switch (fn) {
    case 'count':
      return count;
    case 'sum':
      return sum / MEASURE_SCALE;
    case 'avg':
      return count === 0 ? null : sum / count / MEASURE_SCALE;
    case 'min':
      return count === 0 ? null : min / MEASURE_SCALE;
    case 'max':
      return count === 0 ? null : max / MEASURE_SCALE;
  }
}
