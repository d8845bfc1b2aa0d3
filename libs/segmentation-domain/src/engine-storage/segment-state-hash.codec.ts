import {
  decodeFeaturesHash,
  encodeFeaturesHash,
  type EncodingBasis,
  type FeaturesHash,
  type TrackedFeatures,
} from '../features/features-hash.codec';
import { SegmentationError } from '../definitions/segment-definition';
import type { MembershipChange } from '../membership/membership-change';
import type { CustomerSegmentState } from '../engine/customer-segment-state';
import type { SegmentCatalog } from '../engine/segment-catalog';
import { segmentCode, segmentIdsByCode, UNKNOWN_SEGMENT_PREFIX } from './membership-codes';

/** What decoding needs of a catalog: the tracked series and every segment id it knows. */
export type StateCodecCatalog = Pick<SegmentCatalog, 'spec' | 'byId' | 'retiredIds'>;

/**
 * The hash form of a customer's segmentation state, shared by the hot store (a Redis hash) and
 * the durable snapshot (a jsonb object), so both hold exactly the same thing. On top of the
 * features fields (ADR 0007): `M` memberships `code.version|…` (segment codes, see
 * `segmentCode`; `m`, the same with full ids, is still read), `n` next due instant (base 36),
 * `x` pending changes (JSON, only while a durable write is outstanding), `g` merged into,
 * `k` the catalog key memberships were computed under.
 * `w` (write sequence) and `o` (bitmap ordinal) belong to the store and are not produced here.
 */
export const STATE_FIELDS = {
  memberships: 'M',
  membershipsById: 'm',
  nextDue: 'n',
  pending: 'x',
  mergedInto: 'g',
  catalogKey: 'k',
};

/**
 * The hash of `state` without its pending changes (what the durable snapshot holds, and the hot
 * hash less the pending key). `basis`, the state as decoded from the stored `hash` it was computed
 * from, spares re-encoding what it left unchanged.
 *
 * Not memoised per state object: a module-level WeakMap keyed by every written state kept each
 * state and its encoding alive through young-generation collections (V8's scavenger keeps a
 * WeakMap's young keys and values), so they were promoted, to die at the next full collection
 * (4.3 → 3.8 MB promoted per scavenge at 5,000 events/s without it). The hot path encodes a state
 * once; the rare paths that need it twice (merges, restores) encode it again.
 */
export function encodeSegmentStateFields(
  state: CustomerSegmentState,
  basis?: { state: CustomerSegmentState; hash: Readonly<FeaturesHash> },
): Readonly<FeaturesHash> {
  return encodeState(state, basis);
}

/** A state as its durable copy keeps it: the hash (pending changes excluded) and its columns. */
export interface EncodedSegmentState {
  customerId: string;
  hash: Readonly<FeaturesHash>;
  nextDueMs: number | null;
  mergedInto: string | undefined;
}

export function encodeSegmentStateSnapshot(
  state: CustomerSegmentState,
  basis?: { state: CustomerSegmentState; hash: Readonly<FeaturesHash> },
): EncodedSegmentState {
  return {
    customerId: state.features.customerId,
    hash: encodeSegmentStateFields(state, basis),
    nextDueMs: state.nextDueMs,
    mergedInto: state.mergedInto,
  };
}

/** The pending changes as stored (`x`), or undefined when there are none. */
export function encodeSegmentStatePending(state: CustomerSegmentState): string | undefined {
  return state.pending.length > 0 ? JSON.stringify(state.pending) : undefined;
}

/** The whole hash of `state`, pending changes included (a fresh object). */
export function encodeSegmentStateHash(state: CustomerSegmentState): FeaturesHash {
  const hash = { ...encodeSegmentStateFields(state) };
  const pending = encodeSegmentStatePending(state);
  if (pending !== undefined) hash[STATE_FIELDS.pending] = pending;
  return hash;
}

function encodeState(
  state: CustomerSegmentState,
  basis?: { state: CustomerSegmentState; hash: Readonly<FeaturesHash> },
): FeaturesHash {
  const features: EncodingBasis | undefined = basis && {
    features: basis.state.features,
    hash: basis.hash,
  };
  const hash = encodeFeaturesHash(state.features, features);
  const memberships = storedMemberships(state, basis) ?? encodeMemberships(state.memberships);
  if (memberships !== undefined) hash[STATE_FIELDS.memberships] = memberships;
  if (state.nextDueMs !== null) hash[STATE_FIELDS.nextDue] = state.nextDueMs.toString(36);
  if (state.mergedInto !== undefined) hash[STATE_FIELDS.mergedInto] = state.mergedInto;
  if (state.catalogKey !== undefined) hash[STATE_FIELDS.catalogKey] = state.catalogKey;
  return hash;
}

function encodeMemberships(memberships: Readonly<Record<string, number>>): string | undefined {
  const members = Object.entries(memberships);
  if (members.length === 0) return undefined;
  return members.map(([id, v]) => `${segmentCode(id)}.${v.toString(36)}`).join('|');
}

/**
 * The stored membership text when the memberships are still the object decoded from it (an
 * evaluation that flips nothing returns them as they were): most events. Not when the hash
 * still had the earlier by-id form, which must be rewritten as codes.
 */
function storedMemberships(
  state: CustomerSegmentState,
  basis: { state: CustomerSegmentState; hash: Readonly<FeaturesHash> } | undefined,
): string | undefined {
  if (basis === undefined || basis.state.memberships !== state.memberships) return undefined;
  if (basis.hash[STATE_FIELDS.membershipsById] !== undefined) return undefined;
  return basis.hash[STATE_FIELDS.memberships];
}

/**
 * Inverse of `encodeSegmentStateHash` for the series the catalog tracks (others are dropped). A
 * membership code the catalog does not know stays as `#code`, written back unchanged.
 */
export function decodeSegmentStateHash(
  hash: FeaturesHash,
  customerId: string,
  catalog: StateCodecCatalog,
): CustomerSegmentState {
  const features = decodeFeaturesHash(hash, customerId, catalog.spec);
  const memberships = Object.create(null) as Record<string, number>;
  const byCode = idsByCodeOf(catalog);
  readMemberships(hash[STATE_FIELDS.memberships], memberships, (code) => {
    return byCode.get(code) ?? `${UNKNOWN_SEGMENT_PREFIX}${code}`;
  });
  readMemberships(hash[STATE_FIELDS.membershipsById], memberships, id);
  return stateOf(hash, features, memberships, parsePending(hash[STATE_FIELDS.pending]));
}

/** The stored due instant (`n`), null when none; CORRUPT_CUSTOMER_FEATURES when malformed. */
export function storedNextDueMs(hash: Readonly<FeaturesHash>): number | null {
  const due = hash[STATE_FIELDS.nextDue];
  if (due === undefined) return null;
  const dueMs = parseInt(due, 36);
  if (!Number.isSafeInteger(dueMs)) throw corrupt('next due');
  return dueMs;
}

/** The state around decoded features and memberships: timer, tombstone and catalog key. */
function stateOf(
  hash: FeaturesHash,
  features: CustomerSegmentState['features'],
  memberships: Record<string, number>,
  pending: MembershipChange[],
): CustomerSegmentState {
  const nextDueMs = storedNextDueMs(hash);
  const mergedInto = hash[STATE_FIELDS.mergedInto];
  const catalogKey = hash[STATE_FIELDS.catalogKey];
  return {
    features,
    memberships,
    nextDueMs,
    pending,
    ...(mergedInto ? { mergedInto } : {}),
    ...(catalogKey ? { catalogKey } : {}),
  };
}

/**
 * The part of a state one check reads: these series (of the catalog's) and these segments'
 * memberships. Built once per check (`stateSelection`), used for every customer it screens.
 */
export interface StateSelection {
  readonly series: TrackedFeatures['series'];
  readonly profile: TrackedFeatures['profile'];
  /** Segment id and the `code.` its entry starts with in the membership text. */
  readonly segments: ReadonlyArray<readonly [id: string, needle: string]>;
}

export function stateSelection(
  catalog: StateCodecCatalog,
  seriesKeys: Iterable<string>,
  segmentIds: Iterable<string>,
): StateSelection {
  const series: Record<string, TrackedFeatures['series'][string]> = {};
  for (const key of seriesKeys) {
    const tracked = catalog.spec.series[key];
    if (tracked !== undefined) series[key] = tracked;
  }
  return {
    series,
    profile: catalog.spec.profile,
    segments: [...new Set(segmentIds)].map((id) => [id, `${segmentCode(id)}.`] as const),
  };
}

/**
 * `decodeSegmentStateHash` limited to a selection: the selected series and memberships only,
 * without the pending changes. A screen runs this for every customer of a population, where the
 * whole decode's allocations (every membership, every series read) were most of its cost.
 */
export function decodeSelectedState(
  hash: FeaturesHash,
  customerId: string,
  selection: StateSelection,
): CustomerSegmentState {
  const features = decodeFeaturesHash(hash, customerId, selection);
  const memberships = Object.create(null) as Record<string, number>;
  const listed = hash[STATE_FIELDS.memberships];
  const byId = hash[STATE_FIELDS.membershipsById];
  let legacy: Record<string, number> | undefined;
  if (byId) readMemberships(byId, (legacy = Object.create(null) as Record<string, number>), id);
  for (const [segmentId, needle] of selection.segments) {
    // As the whole decode: the by-id form, read last there, wins.
    const version =
      legacy?.[segmentId] ?? (listed === undefined ? undefined : versionListed(listed, needle));
    if (version !== undefined) memberships[segmentId] = version;
  }
  return stateOf(hash, features, memberships, []);
}

const id = (name: string): string => name;

/** The version of the entry starting with `needle` (`code.`) in a membership text, if listed. */
function versionListed(listed: string, needle: string): number | undefined {
  for (let at = listed.indexOf(needle); at >= 0; at = listed.indexOf(needle, at + 1)) {
    // Codes have one length, so an entry boundary before the match makes it the whole code.
    if (at > 0 && listed.charCodeAt(at - 1) !== PIPE) continue;
    const from = at + needle.length;
    let end = listed.indexOf('|', from);
    if (end < 0) end = listed.length;
    const version = from === end ? NaN : versionAt(listed, from, end);
    if (!Number.isSafeInteger(version)) throw corrupt('membership');
    return version;
  }
  return undefined;
}

const PIPE = 124;

function readMemberships(
  listed: string | undefined,
  into: Record<string, number>,
  idOf: (name: string) => string,
): void {
  if (!listed) return;
  // Index arithmetic rather than split/slice: this runs for every customer a backfill screens.
  let start = 0;
  while (start < listed.length) {
    let end = listed.indexOf('|', start);
    if (end < 0) end = listed.length;
    const dot = listed.lastIndexOf('.', end - 1);
    const version = dot <= start ? NaN : versionAt(listed, dot + 1, end);
    if (!Number.isSafeInteger(version)) throw corrupt('membership');
    into[idOf(listed.substring(start, dot))] = version;
    start = end + 1;
  }
}

/** Base 36 between `from` and `to`; versions are nearly always one digit, read without parseInt. */
function versionAt(text: string, from: number, to: number): number {
  if (to === from + 1) {
    const digit = text.charCodeAt(from) - 48;
    if (digit >= 0 && digit <= 9) return digit;
  }
  return parseInt(text.substring(from, to), 36);
}

const idsByCatalog = new WeakMap<object, Map<string, string>>();

function idsByCodeOf(catalog: StateCodecCatalog): Map<string, string> {
  let known = idsByCatalog.get(catalog.byId);
  if (!known) {
    known = segmentIdsByCode([...catalog.byId.keys(), ...catalog.retiredIds]);
    idsByCatalog.set(catalog.byId, known);
  }
  return known;
}

function parsePending(json: string | undefined): MembershipChange[] {
  if (json === undefined) return [];
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed)) throw corrupt('pending');
  return parsed as MembershipChange[];
}

function corrupt(what: string): SegmentationError {
  return new SegmentationError('CORRUPT_CUSTOMER_FEATURES', `stored segment state: bad ${what}`);
}
