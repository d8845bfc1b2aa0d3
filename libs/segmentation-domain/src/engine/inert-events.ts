import { seriesMeasure, type FeatureEvent } from '../features/feature-series';
import type { FeaturesHash } from '../features/features-hash.codec';
import { STATE_FIELDS, storedNextDueMs } from '../engine-storage/segment-state-hash.codec';
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
  for (const tracked of catalog.seriesByType.get(event.type) ?? [])
    if (seriesMeasure(tracked, event) !== undefined) return false;
  return true;
}

/** The stored fields `isSettledStateHash` reads: a read of these alone can tell. */
export const SETTLEMENT_FIELDS: readonly string[] = [STATE_FIELDS.mergedInto, STATE_FIELDS.nextDue];

/**
 * Whether a stored state owes nothing an event could settle besides its inputs: not merged
 * away, its timer not due at `nowMs`. For such a state an inert event changes no membership, no
 * due instant and no pending change, so it can be acknowledged without reading the state whole
 * or writing it.
 * The catalog the state was evaluated under does not matter: every definition change starts a
 * re-evaluation job that covers every customer (screened on the changed segment, timers
 * included, or all of them for packs and quantile tables), which is what brings a customer
 * with no event at all up to date; an inert event would only have done it sooner. Requiring
 * the current catalog made every customer's next inert event after a definition change a
 * full evaluation and write, across the whole population.
 */
export function isSettledStateHash(hash: Readonly<FeaturesHash>, nowMs: number): boolean {
  if (hash[STATE_FIELDS.mergedInto] !== undefined) return false;
  const dueMs = storedNextDueMs(hash);
  return dueMs === null || dueMs > nowMs;
}
