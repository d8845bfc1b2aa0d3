import { dayOf, dayStartMs, monthOf, monthStartMs } from './calendar';

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';

/**
 * `{ days: N }`: the UTC day of the evaluation time and the N−1 days before it, so an event
 * leaves a 30-day window at the midnight that starts its 30th day after. `{ months: M,
 * skipMonths: S }`: the M complete calendar months before the current one, after skipping the
 * S most recent (`{months: 3}` vs `{months: 3, skipMonths: 3}` compares two quarters). No
 * window = all time.
 */
export type FeatureWindow = { days: number } | { months: number; skipMonths?: number | undefined };

export interface WindowSpan {
  unit: 'day' | 'month';
  /** First and last bucket index inside the window (inclusive). */
  first: number;
  last: number;
}

export function windowSpan(window: FeatureWindow, nowMs: number): WindowSpan {
  if ('days' in window) {
    const today = dayOf(nowMs);
    return { unit: 'day', first: today - window.days + 1, last: today };
  }
  const last = monthOf(nowMs) - (window.skipMonths ?? 0) - 1;
  return { unit: 'month', first: last - window.months + 1, last };
}

/**
 * The first instant after `nowMs` at which a bucket among `nonEmpty` enters or leaves the
 * window (the only way a windowed value changes without new events); null if none ever does.
 */
export function nextWindowChangeMs(
  nonEmpty: Iterable<number>,
  window: FeatureWindow,
  nowMs: number,
): number | null {
  const span = windowSpan(window, nowMs);
  const current = span.unit === 'day' ? dayOf(nowMs) : monthOf(nowMs);
  // Bucket b is inside while current ∈ [b + lag, b + lag + length − 1].
  const lag = current - span.last;
  const length = span.last - span.first + 1;
  let next = Infinity;
  for (const bucket of nonEmpty) {
    for (const period of [bucket + lag, bucket + lag + length])
      if (period > current && period < next) next = period;
  }
  if (next === Infinity) return null;
  return span.unit === 'day' ? dayStartMs(next) : monthStartMs(next);
}
