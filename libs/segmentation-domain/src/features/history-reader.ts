import { dayOf, monthOf } from './calendar';
import type { ProfileValue } from './customer-features';
import type { ProfileChange } from './apply-to-features';
import type { FeatureReader } from './feature-reader';
import {
  eventFingerprint,
  matchesSeries,
  measureOf,
  MEASURE_SCALE,
  type FeatureEvent,
  type SeriesRef,
} from './feature-series';
import { windowSpan } from './feature-window';

/**
 * The reference semantics: every value computed by scanning the customer's whole deduplicated
 * history, with no buckets, pruning or dedup ring. Deliberately naive; used to check the
 * incremental state (property test) and by reconciliation and backfill of new series.
 */
export function historyReader(
  events: readonly FeatureEvent[],
  profileChanges: readonly ProfileChange[] = [],
): FeatureReader {
  const distinct = [...new Map(events.map((e) => [e.eventId, e] as const)).values()].map(
    (event) => ({
      event,
      atMs: Date.parse(event.occurredAt),
      fingerprint: eventFingerprint(event.eventId),
    }),
  );
  const measured = (ref: SeriesRef) =>
    distinct
      .filter(({ event }) => matchesSeries(ref, event))
      .map(({ event, atMs, fingerprint }) => ({
        atMs,
        fingerprint,
        measure: measureOf(ref, event.payload),
      }))
      .filter(
        (e): e is { atMs: number; fingerprint: string; measure: number } => e.measure !== undefined,
      );
  const latestOf = (ref: SeriesRef) => {
    let best: { atMs: number; fingerprint: string; measure: number } | undefined;
    for (const e of measured(ref)) {
      if (!best || e.atMs > best.atMs || (e.atMs === best.atMs && e.fingerprint > best.fingerprint))
        best = e;
    }
    return best;
  };
  return {
    aggregate(ref, fn, window, nowMs) {
      const span = window ? windowSpan(window, nowMs) : undefined;
      const values = measured(ref)
        .filter((e) => {
          if (!span) return true;
          const index = span.unit === 'day' ? dayOf(e.atMs) : monthOf(e.atMs);
          return index >= span.first && index <= span.last;
        })
        .map((e) => e.measure);
      const sum = values.reduce((a, b) => a + b, 0);
      switch (fn) {
        case 'count':
          return values.length;
        case 'sum':
          return sum / MEASURE_SCALE;
        case 'avg':
          return values.length === 0 ? null : sum / values.length / MEASURE_SCALE;
        case 'min':
          return values.length === 0 ? null : Math.min(...values) / MEASURE_SCALE;
        case 'max':
          return values.length === 0 ? null : Math.max(...values) / MEASURE_SCALE;
      }
    },
    latest(ref) {
      const best = latestOf(ref);
      return best ? best.measure / MEASURE_SCALE : null;
    },
    lastSeenMs(ref) {
      return latestOf(ref)?.atMs ?? null;
    },
    profile(attribute) {
      let best: { value: ProfileValue; atMs: number; fingerprint: string } | undefined;
      const changes = [...new Map(profileChanges.map((c) => [c.eventId, c] as const)).values()];
      for (const change of changes) {
        const atMs = Date.parse(change.occurredAt);
        const fingerprint = eventFingerprint(change.eventId);
        for (const { field, value } of change.changes) {
          if (field !== `/${attribute}`) continue;
          if (best && !(atMs > best.atMs || (atMs === best.atMs && fingerprint > best.fingerprint)))
            continue;
          best = {
            value: ['string', 'number', 'boolean'].includes(typeof value)
              ? (value as ProfileValue)
              : null,
            atMs,
            fingerprint,
          };
        }
      }
      return best?.value ?? null;
    },
  };
}
