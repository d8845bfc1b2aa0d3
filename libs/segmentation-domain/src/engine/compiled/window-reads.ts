import { dayStartMs, monthStartMs } from '../../features/calendar';
import type { IndexedBucket } from '../../features/bucket-list';
import type { SeriesState } from '../../features/customer-features';
import { MEASURE_SCALE } from '../../features/feature-series';
import type { AggregateFn } from '../../features/feature-window';

/**
 * Bucket arithmetic of `featuresReader` without its intermediate arrays: same integer sums in
 * hundredths and the same final divisions, so results are bit-for-bit equal.
 */
export function aggregateTotal(fn: AggregateFn, state: SeriesState | undefined): number | null {
  if (!state || state.total[0] === 0) return finish(fn, 0, 0, Infinity, -Infinity);
  const [count, sum, min, max] = state.total;
  return finish(fn, count, sum, min, max);
}

/** `fn` over day buckets with `first ≤ day ≤ last`. */
export function aggregateDays(
  fn: AggregateFn,
  state: SeriesState | undefined,
  first: number,
  last: number,
): number | null {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const days = state?.days;
  // Windows end near today and buckets are ascending: scan from the newest.
  if (days) {
    for (let i = days.length - 1; i >= 0; i--) {
      const bucket = days[i]!;
      const day = bucket[0];
      if (day > last) continue;
      if (day < first) break;
      if (bucket[1] === 0) continue;
      count += bucket[1];
      sum += bucket[2];
      if (bucket[3] < min) min = bucket[3];
      if (bucket[4] > max) max = bucket[4];
    }
  }
  return finish(fn, count, sum, min, max);
}

/** count/sum/avg over month buckets with `first ≤ month ≤ last` (min/max are not kept). */
export function aggregateMonths(
  fn: AggregateFn,
  state: SeriesState | undefined,
  first: number,
  last: number,
): number | null {
  let count = 0;
  let sum = 0;
  const months = state?.months;
  if (months) {
    for (let i = months.length - 1; i >= 0; i--) {
      const bucket = months[i]!;
      if (bucket[0] > last) continue;
      if (bucket[0] < first) break;
      count += bucket[1];
      sum += bucket[2];
    }
  }
  return finish(fn, count, sum, 0, 0);
}

function finish(
  fn: AggregateFn,
  count: number,
  sum: number,
  min: number,
  max: number,
): number | null {
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

/**
 * `nextWindowChangeMs` over the buckets' indexes, by binary search instead of a full scan: a
 * bucket `b` is inside while `current ∈ [b + lag, b + lag + length − 1]`, so the next change is
 * the smallest `b + lag` or `b + lag + length` after `current`.
 */
export function nextBucketChange(
  buckets: readonly IndexedBucket[] | undefined,
  unit: 'day' | 'month',
  current: number,
  lag: number,
  length: number,
): number | null {
  if (!buckets || buckets.length === 0) return null;
  let next = Infinity;
  const leaving = firstAbove(buckets, current - lag - length);
  // A bucket dated ahead enters before it leaves: the `entering` search below covers it.
  if (leaving < buckets.length) next = buckets[leaving]![0] + lag + length;
  const entering = firstAbove(buckets, current - lag);
  if (entering < buckets.length) next = Math.min(next, buckets[entering]![0] + lag);
  if (next === Infinity) return null;
  return unit === 'day' ? dayStartMs(next) : monthStartMs(next);
}

/** Index of the first bucket whose index is > `bound` (length if none). */
function firstAbove(buckets: readonly IndexedBucket[], bound: number): number {
  let low = 0;
  let high = buckets.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (buckets[mid]![0] <= bound) low = mid + 1;
    else high = mid;
  }
  return low;
}
