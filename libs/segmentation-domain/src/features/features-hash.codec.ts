import { SegmentationError } from '../definitions/segment-definition';
import type { CustomerFeatures, SeriesState } from './customer-features';
import type { FeatureSpec } from './feature-spec';
import {
  decodeProfileField,
  encodeProfileField,
  NAMED_PROFILE_FIELD,
  PROFILE_ATTRIBUTE_PREFIX,
  PROFILE_FIELD,
  profileAttributesByCode,
  profileEntry,
} from './profile-field.codec';
import { decodeSeries, encodeSeries } from './series-text.codec';
import { byShortCode, shortCode } from './short-code';

/**
 * The compact Redis hash form of `CustomerFeatures` (ADR 0007): a few short fields, numbers in
 * base 36, bucket indexes delta-coded, so one customer's hash stays a small listpack.
 *
 * - `v` applied count, `c` clock, `r` the dedup ring (fixed-width fingerprints, concatenated);
 *   the customer id is in the Redis key, not repeated here
 * - `<code>` one field per series: `total|last|days|months`, where `code` is 5 characters of
 *   the SHA-256 of the series key (stable with no registry; `seriesCodes` rejects collisions),
 *   so decoding needs the tracked series keys; `=<code>` when another series of the same event
 *   type holds exactly the same (the earlier `s:<code>` fields are still read)
 * - `a` the profile attributes (`profile-field.codec`; the earlier `P` and `p:` forms are read)
 *
 * A bucket is written as `n` (count-only), `n,s` (sum = min = max, e.g. one event) or `n,s,lo,hi`.
 */
export type FeaturesHash = Record<string, string>;

/** Series fields are named by their code alone; `s:<code>` is the earlier form, still read. */
export const SERIES_CODE_LENGTH = 5;
const LEGACY_SERIES_PREFIX = 's:';
/** A series field whose value is `=<code>` holds exactly what series field `<code>` holds. */
const SERIES_REFERENCE = '=';

export function seriesCode(seriesKey: string): string {
  return shortCode(seriesKey, SERIES_CODE_LENGTH);
}

/** Codes of a set of series keys; two keys sharing a code would share a field, so it throws. */
export function seriesCodes(seriesKeys: Iterable<string>): Map<string, string> {
  const byCode = byShortCode(seriesKeys, SERIES_CODE_LENGTH, seriesCollision);
  return new Map([...byCode].map(([code, key]) => [key, code]));
}

/**
 * A stored hash and the features it decoded to. Encoding against it reuses the stored text of
 * every series (and the profile) still the same object as decoded, which an event leaves as it
 * was: most of a write's encoding.
 */
export interface EncodingBasis {
  features: CustomerFeatures;
  hash: Readonly<FeaturesHash>;
}

export function encodeFeaturesHash(
  features: CustomerFeatures,
  basis?: EncodingBasis,
): FeaturesHash {
  const hash: FeaturesHash = {
    v: b36(features.applied),
    r: features.recent.join(''),
  };
  if (features.clockMs !== null) hash['c'] = b36(features.clockMs);
  // A filtered series often holds exactly what its unfiltered sibling does (every payment on
  // time, the one credit assessment of grade B): such a series is stored as a reference. Series
  // of one event type are adjacent in key order, so the literals are kept per event type.
  let groupEvent: string | undefined;
  const texts: string[] = [];
  const codes: string[] = [];
  for (const { key, code, event } of layoutOf(features.series)) {
    const series = features.series[key]!;
    const text =
      (basis !== undefined && basis.features.series[key] === series
        ? storedSeriesText(basis.hash, code)
        : undefined) ?? encodeSeries(series);
    if (event !== groupEvent) {
      groupEvent = event;
      texts.length = 0;
      codes.length = 0;
    }
    const same = texts.indexOf(text);
    if (same >= 0) {
      hash[code] = `${SERIES_REFERENCE}${codes[same]!}`;
    } else {
      hash[code] = text;
      texts.push(text);
      codes.push(code);
    }
  }
  const profile =
    basis !== undefined && basis.features.profile === features.profile
      ? (basis.hash[PROFILE_FIELD] ?? encodeProfileField(features.profile))
      : encodeProfileField(features.profile);
  if (profile !== undefined) hash[PROFILE_FIELD] = profile;
  return hash;
}

/** The literal text of a series in a stored hash (following a reference), if it is there. */
function storedSeriesText(hash: Readonly<FeaturesHash>, code: string): string | undefined {
  const value = hash[code] ?? hash[`${LEGACY_SERIES_PREFIX}${code}`];
  if (value === undefined || !value.startsWith(SERIES_REFERENCE)) return value;
  return hash[value.slice(SERIES_REFERENCE.length)];
}

interface SeriesField {
  key: string;
  code: string;
  event: string;
}

/** Code and event type per series key: customers share the catalog's few hundred keys. */
const fieldsByKey = new Map<string, SeriesField>();
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * Codes and event types of a set of series, in key order, so a state always writes the same
 * fields. Two keys of one set sharing a code would share a field, so that throws.
 */
function layoutOf(series: Readonly<Record<string, unknown>>): readonly SeriesField[] {
  const keys = Object.keys(series).sort();
  const layout: SeriesField[] = new Array<SeriesField>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    let field = fieldsByKey.get(key);
    if (field === undefined) {
      field = { key, code: seriesCode(key), event: eventOf(key) };
      if (fieldsByKey.size < MAX_REMEMBERED_KEYS) fieldsByKey.set(key, field);
    }
    layout[i] = field;
  }
  // Codes of a catalog's keys were checked when its spec was built; this catches a state
  // carrying keys from elsewhere. A handful of fields: a pairwise scan beats building a set.
  for (let i = 1; i < layout.length; i++)
    for (let j = 0; j < i; j++)
      if (layout[i]!.code === layout[j]!.code)
        throw seriesCollision(layout[i]!.code, layout[j]!.key, layout[i]!.key);
  return layout;
}

function seriesCollision(code: string, first: string, second: string): SegmentationError {
  return new SegmentationError('SERIES_CODE_COLLISION', 'two series share a hash field code', {
    code,
    keys: [first, second],
  });
}

/** The event type of a series key (`seriesKey`: a JSON array that starts with it). */
function eventOf(seriesKey: string): string {
  const parsed = JSON.parse(seriesKey) as unknown;
  return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : seriesKey;
}

/** What decoding needs of a spec: the series and profile attributes it tracks. */
export type TrackedFeatures = Pick<FeatureSpec, 'series' | 'profile'>;

/**
 * Inverse of `encodeFeaturesHash` for the series and attributes the spec tracks (the hash names
 * them by code only); anything no longer tracked is dropped. Anything malformed, including a
 * reference to a series field the hash does not hold, is CORRUPT_CUSTOMER_FEATURES.
 */
export function decodeFeaturesHash(
  hash: FeaturesHash,
  customerId: string,
  tracked: TrackedFeatures,
  fingerprintLength = 8,
): CustomerFeatures {
  const keyOf = seriesKeysByCode(tracked.series);
  const series: Record<string, SeriesState> = {};
  const profile: CustomerFeatures['profile'] = {};
  for (const field in hash) {
    const value = hash[field]!;
    if (field.length === SERIES_CODE_LENGTH) {
      const key = keyOf.get(field);
      if (key !== undefined) series[key] = decodeSeries(seriesText(hash, value));
    } else if (field.startsWith(LEGACY_SERIES_PREFIX)) {
      const key = keyOf.get(field.slice(LEGACY_SERIES_PREFIX.length));
      if (key !== undefined) series[key] = decodeSeries(value);
    } else if (field === PROFILE_FIELD) {
      const byCode = profileAttributesByCode(tracked.profile);
      decodeProfileField(value, profile, (code) => byCode.get(code));
    } else if (field === NAMED_PROFILE_FIELD) {
      decodeProfileField(value, profile, (name) => name);
    } else if (field.startsWith(PROFILE_ATTRIBUTE_PREFIX)) {
      profile[field.slice(PROFILE_ATTRIBUTE_PREFIX.length)] = profileEntry(
        JSON.parse(value) as unknown,
      );
    }
  }
  const ring = hash['r'] ?? '';
  // Built field by field (every number checked by `num`), not through the zod schema: this runs
  // for every customer of every batch, and a schema parse of the whole object cost more than the
  // evaluation itself.
  return {
    schemaVersion: 1,
    customerId,
    clockMs: hash['c'] === undefined ? null : num(hash['c']),
    applied: num(hash['v']),
    series,
    profile,
    recent: ring.match(fingerprints(fingerprintLength)) ?? [],
  };
}

/** A series field's text, following a reference to the identical series it names. */
function seriesText(hash: FeaturesHash, value: string): string {
  if (!value.startsWith(SERIES_REFERENCE)) return value;
  const target = hash[value.slice(SERIES_REFERENCE.length)];
  if (target === undefined || target.startsWith(SERIES_REFERENCE)) {
    throw new SegmentationError(
      'CORRUPT_CUSTOMER_FEATURES',
      'stored series refers to a field that does not hold one',
    );
  }
  return target;
}

/** Whether a stored field's value may be a reference (`=<code>`) to another series field. */
export function mayHoldSeriesReference(field: string): boolean {
  return field.length === SERIES_CODE_LENGTH;
}

const ringPatterns = new Map<number, RegExp>();

function fingerprints(length: number): RegExp {
  let pattern = ringPatterns.get(length);
  if (!pattern) {
    pattern = new RegExp(`.{${length}}`, 'g');
    ringPatterns.set(length, pattern);
  }
  return pattern;
}

const keysByCode = new WeakMap<object, Map<string, string>>();

/** Code → series key; memoised per tracked series (a catalog's spec lives for a while). */
function seriesKeysByCode(tracked: TrackedFeatures['series']): Map<string, string> {
  const known = keysByCode.get(tracked);
  if (known) return known;
  const map = new Map([...seriesCodes(Object.keys(tracked))].map(([key, code]) => [code, key]));
  keysByCode.set(tracked, map);
  return map;
}

function b36(value: number): string {
  return value.toString(36);
}

function num(text: string | undefined): number {
  const value = text === undefined ? NaN : parseInt(text, 36);
  if (!Number.isSafeInteger(value)) {
    throw new SegmentationError('CORRUPT_CUSTOMER_FEATURES', 'stored features hash is malformed');
  }
  return value;
}
