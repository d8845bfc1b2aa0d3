import { hash } from 'node:crypto';

export type FilterValue = string | number | boolean;

/** Payload field → accepted value(s), all must match, e.g. `{ category: ['network', 'billing'] }`. */
export type EventFilter = Readonly<Record<string, FilterValue | readonly FilterValue[]>>;

/** One stream of facts about a customer: events of a type, optionally filtered and measured. */
export interface SeriesRef {
  event: string;
  where?: EventFilter | undefined;
  /** Numeric payload field aggregated by sum/avg/min/max/latest; absent = count only. */
  field?: string | undefined;
}

/** The parts of a contact event the features need (a `ContactEvent` fits). */
export interface FeatureEvent {
  eventId: string;
  customerId: string;
  type: string;
  /** ISO timestamp with offset. */
  occurredAt: string;
  payload: object;
}

/**
 * Measures are kept in hundredths as integers: sums then do not depend on the order events
 * arrive in (float addition would), so incremental and from-scratch results are equal exactly.
 */
export const MEASURE_SCALE = 100;

// Conditions are immutable once validated and read on every event: key each node once.
const keys = new WeakMap<SeriesRef, string>();

/** Canonical, order-independent key of a series (filter keys and values sorted). */
export function seriesKey(ref: SeriesRef): string {
  let key = keys.get(ref);
  if (key === undefined) {
    key = computeSeriesKey(ref);
    keys.set(ref, key);
  }
  return key;
}

function computeSeriesKey(ref: SeriesRef): string {
  const where = Object.entries(ref.where ?? {})
    .map(([field, accepted]): [string, FilterValue[]] => [
      field,
      (Array.isArray(accepted) ? [...accepted] : [accepted]).sort(compareFilterValues),
    ])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([ref.event, ref.field ?? null, where]);
}

export function matchesSeries(
  ref: SeriesRef,
  event: Pick<FeatureEvent, 'type' | 'payload'>,
): boolean {
  if (event.type !== ref.event) return false;
  const payload = event.payload as Record<string, unknown>;
  for (const [field, accepted] of Object.entries(ref.where ?? {})) {
    const actual = payload[field];
    const options: readonly FilterValue[] = Array.isArray(accepted) ? accepted : [accepted];
    if (!options.some((option) => option === actual)) return false;
  }
  return true;
}

/**
 * What a tracked series adds for this event: its measure (`measureOf`) when the event matches
 * it, else undefined. The one test of "this event feeds this series", shared by the engine and
 * by the check that an event feeds none (`isInertContactEvent`), so the two cannot drift apart.
 */
export function seriesMeasure(
  ref: SeriesRef,
  event: Pick<FeatureEvent, 'type' | 'payload'>,
): number | undefined {
  return matchesSeries(ref, event) ? measureOf(ref, event.payload) : undefined;
}

/**
 * The event's measure in hundredths; undefined when the series has a field the event lacks (such
 * an event is not part of a measured series). Count-only series measure 0.
 */
export function measureOf(ref: SeriesRef, payload: object): number | undefined {
  if (ref.field === undefined) return 0;
  const value = (payload as Record<string, unknown>)[ref.field];
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.round(value * MEASURE_SCALE)
    : undefined;
}

/**
 * 48 bits of the event id's SHA-256: what the state keeps for dedup and tie-breaks instead of
 * ids of unbounded length. A collision needs ~16 million ids in one customer's ring to be likely.
 */
export function eventFingerprint(eventId: string): string {
  return hash('sha256', eventId, 'base64url').slice(0, 8);
}

function compareFilterValues(a: FilterValue, b: FilterValue): number {
  const left = `${typeof a}:${String(a)}`;
  const right = `${typeof b}:${String(b)}`;
  return left < right ? -1 : left > right ? 1 : 0;
}
