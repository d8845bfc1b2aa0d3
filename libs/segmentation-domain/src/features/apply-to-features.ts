import { InvalidInputError } from '@cip/contracts';
import { SegmentationError } from '../definitions/segment-definition';
import { upsertBucket } from './bucket-list';
import { dayOf, monthOf } from './calendar';
import {
  emptyCustomerFeatures,
  type Bucket,
  type CustomerFeatures,
  type ProfileValue,
  type SeriesState,
} from './customer-features';
import { eventFingerprint, seriesMeasure, type FeatureEvent } from './feature-series';
import type { FeatureSpec, SeriesSpec } from './feature-spec';
import { pruneFeatures } from './prune-features';

export interface FeaturesOutcome {
  features: CustomerFeatures;
  /** The event's fingerprint was in the dedup ring: nothing changed. */
  duplicate: boolean;
}

/**
 * Adds one contact event to every tracked series it matches. Pure; the result depends only on
 * the set of distinct events and the latest `nowMs`, never on arrival order, because every
 * bucket is keyed by the event's own time and every combination (count, sum, min, max, latest
 * by time then fingerprint) is commutative. `nowMs` (processing time, non-decreasing per
 * customer) only decides what is old enough to prune.
 */
export function applyEventToFeatures(
  features: CustomerFeatures | undefined,
  event: FeatureEvent,
  spec: FeatureSpec,
  nowMs: number,
): FeaturesOutcome {
  const current = admit(features, event.customerId, event.eventId);
  const fingerprint = eventFingerprint(event.eventId);
  if (current.recent.includes(fingerprint)) return { features: current, duplicate: true };
  const atMs = parseOccurredAt(event);
  const series = { ...current.series };
  for (const tracked of Object.values(spec.series)) {
    const measure = seriesMeasure(tracked, event);
    if (measure === undefined) continue;
    series[tracked.key] = addToSeries(series[tracked.key], tracked, atMs, measure, fingerprint);
  }
  return { features: finish(current, { series }, fingerprint, spec, nowMs), duplicate: false };
}

/** A profile change: each listed attribute the spec keeps takes the value of its latest write. */
export interface ProfileChange {
  eventId: string;
  customerId: string;
  occurredAt: string;
  changes: ReadonlyArray<{ field: string; value: unknown }>;
}

export function applyProfileChangeToFeatures(
  features: CustomerFeatures | undefined,
  change: ProfileChange,
  spec: FeatureSpec,
  nowMs: number,
): FeaturesOutcome {
  const current = admit(features, change.customerId, change.eventId);
  const fingerprint = eventFingerprint(change.eventId);
  if (current.recent.includes(fingerprint)) return { features: current, duplicate: true };
  const atMs = parseOccurredAt(change);
  const kept = new Set(spec.profile);
  const profile = { ...current.profile };
  for (const { field, value } of change.changes) {
    const attribute = field.replace(/^\//, '');
    if (!kept.has(attribute)) continue;
    const known = profile[attribute];
    if (known && !isLater(atMs, fingerprint, known[1], known[2])) continue;
    profile[attribute] = [asProfileValue(value), atMs, fingerprint];
  }
  return { features: finish(current, { profile }, fingerprint, spec, nowMs), duplicate: false };
}

function admit(
  features: CustomerFeatures | undefined,
  customerId: string,
  eventId: string,
): CustomerFeatures {
  const current = features ?? emptyCustomerFeatures(customerId);
  if (current.customerId !== customerId) {
    throw new SegmentationError('CUSTOMER_MISMATCH', 'event applied to another customer', {
      eventId,
    });
  }
  return current;
}

function finish(
  current: CustomerFeatures,
  changed: Partial<Pick<CustomerFeatures, 'series' | 'profile'>>,
  fingerprint: string,
  spec: FeatureSpec,
  nowMs: number,
): CustomerFeatures {
  const next: CustomerFeatures = {
    ...current,
    ...changed,
    applied: current.applied + 1,
    recent: [...current.recent, fingerprint].slice(-spec.dedupeRing),
  };
  return pruneFeatures(next, spec, nowMs);
}

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
  // A bucket too old for the horizon is added and then dropped by `pruneFeatures` in `finish`.
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
  if (isLater(atMs, fingerprint, next.last[0], next.last[2]))
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

/** Total order on events by time, then fingerprint: "latest" never depends on arrival order. */
function isLater(atMs: number, fingerprint: string, knownMs: number, knownFp: string): boolean {
  return atMs > knownMs || (atMs === knownMs && fingerprint > knownFp);
}

function asProfileValue(value: unknown): ProfileValue {
  return typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number'
    ? value
    : null;
}

function parseOccurredAt(event: { eventId: string; occurredAt: string }): number {
  const atMs = Date.parse(event.occurredAt);
  if (!Number.isFinite(atMs)) {
    throw new InvalidInputError('INVALID_OCCURRED_AT', 'occurredAt is not a timestamp', {
      eventId: event.eventId,
    });
  }
  return atMs;
}
