import { InvalidInputError } from '@cip/contracts';
import { SegmentationError } from '../definitions/segment-definition';
import { bucketsFrom, upsertBucket } from '../features/bucket-list';
import { dayOf, monthOf } from '../features/calendar';
import type { Bucket, CustomerFeatures, SeriesState } from '../features/customer-features';
import { eventFingerprint, seriesMeasure } from '../features/feature-series';
import type { FeatureEvent } from '../features/feature-series';
import type { SeriesSpec } from '../features/feature-spec';
import { pruneFeatures } from '../features/prune-features';
import type { SegmentCatalog } from './segment-catalog';

export interface IncrementalOutcome {
  features: CustomerFeatures;
  duplicate: boolean;
  /** The tracked series the event was added to. */
  matched: readonly SeriesSpec[];
}

/**
 * `applyEventToFeatures` for the hot path, with the same result (the engine's property test
 * holds them equal): only the series of the event's type are matched, and when the clock stays
 * on the same UTC day and the state was last written under this catalog (same spec), only the
 * series it changed are pruned: the others were pruned to this same day already.
 */
export function applyEventIncrementally(
  features: CustomerFeatures,
  event: FeatureEvent,
  catalog: SegmentCatalog,
  sameSpec: boolean,
  nowMs: number,
): IncrementalOutcome {
  if (features.customerId !== event.customerId) {
    throw new SegmentationError('CUSTOMER_MISMATCH', 'event applied to another customer', {
      eventId: event.eventId,
    });
  }
  const fingerprint = eventFingerprint(event.eventId);
  if (features.recent.includes(fingerprint)) return { features, duplicate: true, matched: [] };
  const atMs = Date.parse(event.occurredAt);
  if (!Number.isFinite(atMs)) {
    throw new InvalidInputError('INVALID_OCCURRED_AT', 'occurredAt is not a timestamp', {
      eventId: event.eventId,
    });
  }
  const clockMs = Math.max(features.clockMs ?? nowMs, nowMs);
  const today = dayOf(clockMs);
  const sameDay = sameSpec && features.clockMs !== null && dayOf(features.clockMs) === today;
  const matched: SeriesSpec[] = [];
  const series: Record<string, SeriesState> = {};
  for (const key in features.series) series[key] = features.series[key]!;
  for (const tracked of catalog.seriesByType.get(event.type) ?? []) {
    const measure = seriesMeasure(tracked, event);
    if (measure === undefined) continue;
    matched.push(tracked);
    const added = addToSeries(series[tracked.key], tracked, atMs, measure, fingerprint);
    series[tracked.key] = sameDay ? prune(added, tracked, today, monthOf(clockMs)) : added;
  }
  const ring = catalog.spec.dedupeRing;
  const recent = [...features.recent, fingerprint];
  if (recent.length > ring) recent.splice(0, recent.length - ring);
  const next: CustomerFeatures = {
    ...features,
    applied: features.applied + 1,
    recent,
    series,
    clockMs,
  };
  return {
    features: sameDay ? next : pruneFeatures(next, catalog.spec, nowMs),
    duplicate: false,
    matched,
  };
}

/** `pruneFeatures` of one tracked series. */
function prune(
  state: SeriesState,
  spec: SeriesSpec,
  today: number,
  thisMonth: number,
): SeriesState {
  const days = bucketsFrom(state.days, spec.dayHorizon ? today - spec.dayHorizon + 1 : Infinity);
  const months = bucketsFrom(
    state.months,
    spec.monthHorizon ? thisMonth - spec.monthHorizon : Infinity,
  );
  return days === state.days && months === state.months ? state : { ...state, days, months };
}

// The bucket rules of `applyEventToFeatures` (commutative: order of arrival never matters).
function addToSeries(
  state: SeriesState | undefined,
  spec: SeriesSpec,
  atMs: number,
  measure: number,
  fingerprint: string,
): SeriesState {
  const next: SeriesState = state
    ? { ...state }
    : { days: [], months: [], total: [0, 0, 0, 0], last: [atMs, measure, fingerprint] };
  if (spec.dayHorizon > 0) {
    const day = dayOf(atMs);
    next.days = upsertBucket(next.days, day, (known) => [
      day,
      ...addToBucket(known && [known[1], known[2], known[3], known[4]], measure),
    ]);
  }
  if (spec.monthHorizon > 0) {
    const month = monthOf(atMs);
    next.months = upsertBucket(next.months, month, (known) => [
      month,
      (known?.[1] ?? 0) + 1,
      (known?.[2] ?? 0) + measure,
    ]);
  }
  next.total = addToBucket(state?.total, measure);
  const [lastMs, , lastFp] = next.last;
  if (atMs > lastMs || (atMs === lastMs && fingerprint > lastFp))
    next.last = [atMs, measure, fingerprint];
  return next;
}

function addToBucket(bucket: Bucket | undefined, measure: number): Bucket {
  if (!bucket || bucket[0] === 0) return [1, measure, measure, measure];
  return [
    bucket[0] + 1,
    bucket[1] + measure,
    Math.min(bucket[2], measure),
    Math.max(bucket[3], measure),
  ];
}
