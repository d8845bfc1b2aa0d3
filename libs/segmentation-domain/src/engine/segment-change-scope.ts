import { seriesCode } from '../features/features-hash.codec';
import {
  STATE_FIELDS,
  stateSelection,
  type StateSelection,
} from '../engine-storage/segment-state-hash.codec';
import { Probe } from './compiled/probe';
import { conditionInputs } from './condition-inputs';
import type { CustomerSegmentState } from './customer-segment-state';
import type { SegmentCatalog } from './segment-catalog';

/** Hash fields every scoped check reads: applied count and clock (decoding needs them). */
const FEATURE_HEADER_FIELDS = ['v', 'c'];

/**
 * The stored-state fields enough to decide `segmentChangeAffects` for one segment: memberships,
 * timer, catalog key, merge tombstone and the series its condition reads. Undefined when the
 * condition reads profile attributes (those may still sit in the older one-field-per-attribute
 * layout, which a field list cannot name): read the whole hash then.
 */
export function fieldsForSegmentChange(
  catalog: SegmentCatalog,
  segmentId: string,
): string[] | undefined {
  const fields = [
    ...FEATURE_HEADER_FIELDS,
    STATE_FIELDS.memberships,
    STATE_FIELDS.membershipsById,
    STATE_FIELDS.nextDue,
    STATE_FIELDS.mergedInto,
    STATE_FIELDS.catalogKey,
  ];
  const compiled = catalog.byId.get(segmentId);
  if (compiled === undefined) return fields;
  const inputs = conditionInputs(compiled.segment.condition);
  if (inputs.profile.size > 0) return undefined;
  // Only the series it reads: one stored as a reference to another of the same event type is
  // followed by the hot store's read itself.
  const read = new Set<string>();
  for (const key of inputs.series) read.add(seriesCode(key));
  for (const code of read) fields.push(code, `s:${code}`);
  return fields;
}

/**
 * What of the fields `fieldsForSegmentChange` names the check decodes (`decodeSelectedState`):
 * the series the segment's condition reads, and the memberships of the segment and of those its
 * `inSegment` nodes name. Undefined where the fields are (the whole hash is read and decoded).
 */
export function selectionForSegmentChange(
  catalog: SegmentCatalog,
  segmentId: string,
): StateSelection | undefined {
  const compiled = catalog.byId.get(segmentId);
  if (compiled === undefined) return stateSelection(catalog, [], [segmentId]);
  const inputs = conditionInputs(compiled.segment.condition);
  if (inputs.profile.size > 0) return undefined;
  return stateSelection(catalog, inputs.series, [segmentId, ...inputs.segments]);
}

/**
 * Whether one segment's definition change (activation, new version, retirement) can change
 * anything for this customer, judged on that segment alone: its membership flips, a member's
 * version moves on, or its condition now changes earlier than the customer's timer. A customer
 * already evaluated under this catalog is settled. False means re-evaluating the whole catalog
 * would change nothing for that segment; the customer's other segments are untouched by the
 * change, and the stale catalog key makes its next event evaluate everything anyway.
 *
 * `state` may hold only the fields `fieldsForSegmentChange` names (other series empty), or only
 * what `selectionForSegmentChange` selects of them.
 */
export function segmentChangeAffects(
  state: CustomerSegmentState,
  catalog: SegmentCatalog,
  segmentId: string,
  nowMs: number,
): boolean {
  if (state.mergedInto !== undefined || state.catalogKey === catalog.key) return false;
  // A timer already due may have left other memberships (an `inSegment` input) stale.
  if (state.nextDueMs !== null && state.nextDueMs <= nowMs) return true;
  const was = state.memberships[segmentId];
  const compiled = catalog.byId.get(segmentId);
  // Retired (or unknown to this catalog): only a member has an exit to publish.
  if (compiled === undefined) return was !== undefined;
  const isMember = (id: string): boolean => state.memberships[id] !== undefined;
  const probe = new Probe(state.features, nowMs, catalog.quantiles, isMember);
  const matched = compiled.compiled.test(probe);
  if (matched !== (was !== undefined)) return true;
  if (matched && was !== compiled.segment.version) return true;
  const due = state.nextDueMs ?? Infinity;
  const next = compiled.compiled.nextChange(probe, due, matched);
  return next !== null && next < due;
}
