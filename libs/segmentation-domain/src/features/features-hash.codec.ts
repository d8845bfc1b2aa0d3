import { createHash } from 'node:crypto';
import { SegmentationError } from '../definitions/segment-definition';
import { type CustomerFeatures, type SeriesState } from './customer-features';
import { decodeSeries, encodeSeries } from './series-text.codec';

/**
 * The compact Redis hash form of `CustomerFeatures` (ADR 0007): a few short fields, numbers in
 * base 36, bucket indexes delta-coded, so one customer's hash stays a small listpack.
 *
 * - `v` applied count, `c` clock, `r` the dedup ring (fixed-width fingerprints, concatenated);
 *   the customer id is in the Redis key, not repeated here
 * - `s:<code>` one field per series: `total|last|days|months`, where `code` is 5 characters of
 *   the SHA-256 of the series key (stable with no registry; `seriesCodes` rejects collisions),
 *   so decoding needs the tracked series keys
 * - `P` the profile attributes as JSON, grouped by the change that set them (one customer-file
 *   change usually sets them all): `[[atMs36, fingerprint, {attribute: value, …}], …]`; the
 *   earlier form, one `p:<attribute>` field of `[value, atMs, fingerprint]` each, is still read
 *
 * A bucket is written as `n` (count-only), `n,s` (sum = min = max, e.g. one event) or `n,s,lo,hi`.
 */
export type FeaturesHash = Record<string, string>;

const CODE_LENGTH = 5;

// Series keys come from definitions, so they are few; every event encodes them, so hash once.
const codeCache = new Map<string, string>();

export function seriesCode(seriesKey: string): string {
  let code = codeCache.get(seriesKey);
  if (code === undefined) {
    code = createHash('sha256').update(seriesKey).digest('base64url').slice(0, CODE_LENGTH);
    if (codeCache.size < 100_000) codeCache.set(seriesKey, code);
  }
  return code;
}

/** Codes of a set of series keys; two keys sharing a code would share a field, so it throws. */
export function seriesCodes(seriesKeys: Iterable<string>): Map<string, string> {
  const byCode = new Map<string, string>();
  const codes = new Map<string, string>();
  for (const key of seriesKeys) {
    const code = seriesCode(key);
    const other = byCode.get(code);
    if (other !== undefined && other !== key) {
      throw new SegmentationError('SERIES_CODE_COLLISION', 'two series share a hash field code', {
        code,
        keys: [other, key],
      });
    }
    byCode.set(code, key);
    codes.set(key, code);
  }
  return codes;
}

export function encodeFeaturesHash(features: CustomerFeatures): FeaturesHash {
  const hash: FeaturesHash = {
    v: b36(features.applied),
    r: features.recent.join(''),
  };
  if (features.clockMs !== null) hash['c'] = b36(features.clockMs);
  for (const [key, code] of codesOfKeys(Object.keys(features.series))) {
    hash[`s:${code}`] = encodeSeries(features.series[key]!);
  }
  const profile = encodeProfile(features.profile);
  if (profile !== undefined) hash['P'] = profile;
  return hash;
}

const codesBySignature = new Map<string, Map<string, string>>();

/** `seriesCodes` (collision-checked) memoised by the set of keys: customers share a few sets. */
function codesOfKeys(keys: readonly string[]): Map<string, string> {
  const signature = keys.join('\n');
  let codes = codesBySignature.get(signature);
  if (codes === undefined) {
    codes = seriesCodes(keys);
    if (codesBySignature.size < 10_000) codesBySignature.set(signature, codes);
  }
  return codes;
}

/**
 * Inverse of `encodeFeaturesHash` for the series the spec tracks (the hash names series by code
 * only); a series no longer tracked is dropped. Anything malformed is CORRUPT_CUSTOMER_FEATURES.
 */
export function decodeFeaturesHash(
  hash: FeaturesHash,
  customerId: string,
  trackedSeriesKeys: Iterable<string>,
  fingerprintLength = 8,
): CustomerFeatures {
  const keyOf = seriesKeysByCode(trackedSeriesKeys);
  const series: Record<string, SeriesState> = {};
  const profile: CustomerFeatures['profile'] = {};
  for (const [field, value] of Object.entries(hash)) {
    const key = field.startsWith('s:') ? keyOf.get(field.slice(2)) : undefined;
    if (key !== undefined) {
      series[key] = decodeSeries(value);
    } else if (field === 'P') {
      decodeProfile(value, profile);
    } else if (field.startsWith('p:')) {
      profile[field.slice(2)] = profileEntry(JSON.parse(value) as unknown);
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

const ringPatterns = new Map<number, RegExp>();

function fingerprints(length: number): RegExp {
  let pattern = ringPatterns.get(length);
  if (!pattern) {
    pattern = new RegExp(`.{${length}}`, 'g');
    ringPatterns.set(length, pattern);
  }
  return pattern;
}

type ProfileEntries = CustomerFeatures['profile'];

function encodeProfile(profile: ProfileEntries): string | undefined {
  const groups = new Map<string, [string, string, Record<string, unknown>]>();
  for (const attribute in profile) {
    const [value, atMs, fingerprint] = profile[attribute]!;
    const key = `${atMs}|${fingerprint}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = [b36(atMs), fingerprint, {}];
      groups.set(key, group);
    }
    group[2][attribute] = value;
  }
  return groups.size === 0 ? undefined : JSON.stringify([...groups.values()]);
}

function decodeProfile(text: string, into: ProfileEntries): void {
  const groups = JSON.parse(text) as unknown;
  if (!Array.isArray(groups)) throw corruptProfile();
  for (const group of groups as unknown[]) {
    if (!Array.isArray(group) || group.length !== 3) throw corruptProfile();
    const [at, fingerprint, values] = group as [unknown, unknown, unknown];
    if (typeof at !== 'string' || typeof fingerprint !== 'string') throw corruptProfile();
    if (typeof values !== 'object' || values === null || Array.isArray(values))
      throw corruptProfile();
    const atMs = num(at);
    for (const [attribute, value] of Object.entries(values))
      into[attribute] = profileEntry([value, atMs, fingerprint]);
  }
}

function corruptProfile(): SegmentationError {
  return new SegmentationError(
    'CORRUPT_CUSTOMER_FEATURES',
    'stored profile attributes are malformed',
  );
}

function profileEntry(entry: unknown): CustomerFeatures['profile'][string] {
  if (
    Array.isArray(entry) &&
    entry.length === 3 &&
    (entry[0] === null || ['string', 'number', 'boolean'].includes(typeof entry[0])) &&
    Number.isSafeInteger(entry[1]) &&
    typeof entry[2] === 'string'
  ) {
    return entry as CustomerFeatures['profile'][string];
  }
  throw new SegmentationError('CORRUPT_CUSTOMER_FEATURES', 'stored profile attribute is malformed');
}

const keysByCode = new WeakMap<object, Map<string, string>>();

/** Code → series key; memoised per tracked-keys object (a catalog's spec lives for a while). */
function seriesKeysByCode(trackedSeriesKeys: Iterable<string>): Map<string, string> {
  const known = keysByCode.get(trackedSeriesKeys);
  if (known) return known;
  const map = new Map([...seriesCodes(trackedSeriesKeys)].map(([key, code]) => [code, key]));
  keysByCode.set(trackedSeriesKeys, map);
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
