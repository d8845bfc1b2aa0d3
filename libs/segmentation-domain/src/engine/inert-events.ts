import { matchesSeries, measureOf, type FeatureEvent } from '../features/feature-series';
import type { FeaturesHash } from '../features/features-hash.codec';
import { STATE_FIELDS } from '../engine-storage/segment-state-hash.codec';
import type { SegmentCatalog } from './segment-catalog';

/**
 * Whether no series the catalog tracks both matches and measures this contact event. Such an
 * event changes no input of any segment: applied, it would only count itself, enter the dedup
 * ring and move the clock. Most interactions are of this kind (visits and campaign messages
 * were 70 % of the simulator's mix, and no built-in or bench definition reads them).
 */
export function isInertContactEvent(
  event: Pick<FeatureEvent, 'type' | 'payload'>,
  catalog: Pick<SegmentCatalog, 'seriesByType'>,
): boolean {
  for (const tracked of catalog.seriesByType.get(event.type) ?? []) {
    if (matchesSeries(tracked, event) && measureOf(tracked, event.payload) !== undefined)
      return false;
  }
  return true;
}

/** The stored fields `isSettledStateHash` reads: a read of these alone can tell. */
export const SETTLEMENT_FIELDS: readonly string[] = [
  STATE_FIELDS.catalogKey,
  STATE_FIELDS.mergedInto,
  STATE_FIELDS.nextDue,
];

/**
 * Whether a stored state needs nothing an event could bring besides its inputs: evaluated under
 * this catalog, not merged away, its timer not due at `nowMs`. For such a state an inert event
 * changes no membership, no due instant and no pending change (the engine would evaluate no
 * segment), so it can be acknowledged without reading the state whole or writing it.
 */
export function isSettledStateHash(
  hash: Readonly<FeaturesHash>,
  catalog: Pick<SegmentCatalog, 'key'>,
  nowMs: number,
): boolean {
  if (hash[STATE_FIELDS.catalogKey] !== catalog.key) return false;
  if (hash[STATE_FIELDS.mergedInto] !== undefined) return false;
  const due = hash[STATE_FIELDS.nextDue];
  if (due === undefined) return true;
  const dueMs = parseInt(due, 36);
  return Number.isSafeInteger(dueMs) && dueMs > nowMs;
}
