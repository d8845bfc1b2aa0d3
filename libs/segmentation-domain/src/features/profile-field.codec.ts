import { SegmentationError } from '../definitions/segment-definition';
import type { CustomerFeatures } from './customer-features';
import { byShortCode, shortCode } from './short-code';

type ProfileEntries = CustomerFeatures['profile'];

/**
 * The profile attributes of a features hash in one field, grouped by the change that set them
 * (one customer-file change usually sets them all):
 * `atMs36,fingerprint;<code><tag><value>;…~<next group>`, where `code` is 4 characters of the
 * attribute name's hash (names such as `insurance/awareness` were most of the field's bytes) and
 * the tag is `s` string, `n` number, `t` / `f` true / false, `z` null. Decoding needs the
 * attributes the spec tracks; a code it does not know is an attribute no longer tracked and is
 * dropped, as untracked series are.
 * Text is escaped (`%XXXX`) for the separators and for whatever JSON would escape, so the field
 * costs the journal's JSON serialisation no escaping (a JSON form here made every snapshot take
 * JSON.stringify's slow path) and is a third shorter than that JSON form,
 * `[[atMs36, fingerprint, {code: value}], …]`, which is still read.
 */
export const PROFILE_FIELD = 'a';
/** The earlier grouped form, attributes by name; still read, replaced on the next write. */
export const NAMED_PROFILE_FIELD = 'P';
/** The earliest form, one `p:<attribute>` field of `[value, atMs, fingerprint]` each; still read. */
export const PROFILE_ATTRIBUTE_PREFIX = 'p:';

const CODE_LENGTH = 4;

export function profileAttributeCode(attribute: string): string {
  return shortCode(attribute, CODE_LENGTH);
}

const attributesByCode = new WeakMap<readonly string[], Map<string, string>>();

/** Code → attribute for a tracked list; throws PROFILE_CODE_COLLISION if two share a code. */
export function profileAttributesByCode(tracked: readonly string[]): Map<string, string> {
  let known = attributesByCode.get(tracked);
  if (!known) {
    known = byShortCode(
      tracked,
      CODE_LENGTH,
      (code, first, second) =>
        new SegmentationError('PROFILE_CODE_COLLISION', 'two profile attributes share a code', {
          code,
          attributes: [first, second],
        }),
    );
    attributesByCode.set(tracked, known);
  }
  return known;
}

export function encodeProfileField(profile: ProfileEntries): string | undefined {
  const groups = new Map<string, string>();
  for (const attribute in profile) {
    const [value, atMs, fingerprint] = profile[attribute]!;
    const key = `${atMs}|${fingerprint}`;
    const entry = `${ENTRY}${profileAttributeCode(attribute)}${encodeValue(value)}`;
    const group = groups.get(key);
    groups.set(
      key,
      `${group ?? `${atMs.toString(36)}${HEADER}${escapeText(fingerprint)}`}${entry}`,
    );
  }
  return groups.size === 0 ? undefined : [...groups.values()].join(GROUP);
}

/** Reads a grouped profile field into `into`; `nameOf` maps a stored key to its attribute. */
export function decodeProfileField(
  text: string,
  into: ProfileEntries,
  nameOf: (stored: string) => string | undefined,
): void {
  if (text.startsWith('[')) return decodeJsonProfileField(text, into, nameOf);
  for (const group of text.split(GROUP)) {
    const entries = group.split(ENTRY);
    const header = entries[0]!;
    const comma = header.indexOf(HEADER);
    const atMs = comma > 0 ? parseInt(header.slice(0, comma), 36) : NaN;
    if (!Number.isSafeInteger(atMs)) throw corruptProfile();
    const fingerprint = unescapeText(header.slice(comma + 1));
    for (let i = 1; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.length <= CODE_LENGTH) throw corruptProfile();
      const attribute = nameOf(entry.slice(0, CODE_LENGTH));
      const value = decodeValue(entry, CODE_LENGTH);
      if (attribute !== undefined) into[attribute] = [value, atMs, fingerprint];
    }
  }
}

const GROUP = '~';
const ENTRY = ';';
const HEADER = ',';
const ESCAPE = '%';
/** The separators, the escape itself, and what JSON escapes (quotes, backslash, controls, lone surrogates by precaution). */
const RESERVED = /[%;~,"\\\u0000-\u001f\u007f\ud800-\udfff]/;
const RESERVED_ALL = new RegExp(RESERVED.source, 'g');
const ESCAPED_ALL = /%([0-9A-F]{4})/g;

function escapeText(text: string): string {
  if (!RESERVED.test(text)) return text;
  return text.replace(
    RESERVED_ALL,
    (c) => `${ESCAPE}${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

function unescapeText(text: string): string {
  if (!text.includes(ESCAPE)) return text;
  const plain = text.replace(ESCAPED_ALL, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  // Each escape (`%` and four hex digits) becomes one character: a `%` left over is not ours.
  if (plain.length !== text.length - 4 * countOf(text, ESCAPE)) throw corruptProfile();
  return plain;
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) count++;
  return count;
}

function encodeValue(value: ProfileEntries[string][0]): string {
  if (value === null) return 'z';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return typeof value === 'number' ? `n${String(value)}` : `s${escapeText(value)}`;
}

function decodeValue(entry: string, from: number): ProfileEntries[string][0] {
  const tag = entry[from];
  const payload = entry.slice(from + 1);
  if (tag === 's') return unescapeText(payload);
  if (tag === 'n') {
    const value = payload === '' ? NaN : Number(payload);
    if (!Number.isFinite(value)) throw corruptProfile();
    return value;
  }
  if (payload !== '') throw corruptProfile();
  if (tag === 't') return true;
  if (tag === 'f') return false;
  if (tag === 'z') return null;
  throw corruptProfile();
}

/** The JSON form, written before 2026-11-27 (`[[atMs36, fingerprint, {key: value}], …]`). */
function decodeJsonProfileField(
  text: string,
  into: ProfileEntries,
  nameOf: (stored: string) => string | undefined,
): void {
  const groups = JSON.parse(text) as unknown;
  if (!Array.isArray(groups)) throw corruptProfile();
  for (const group of groups as unknown[]) {
    if (!Array.isArray(group) || group.length !== 3) throw corruptProfile();
    const [at, fingerprint, values] = group as [unknown, unknown, unknown];
    if (typeof at !== 'string' || typeof fingerprint !== 'string') throw corruptProfile();
    if (typeof values !== 'object' || values === null || Array.isArray(values))
      throw corruptProfile();
    const atMs = parseInt(at, 36);
    for (const [stored, value] of Object.entries(values)) {
      const attribute = nameOf(stored);
      if (attribute !== undefined) into[attribute] = profileEntry([value, atMs, fingerprint]);
    }
  }
}

export function profileEntry(entry: unknown): ProfileEntries[string] {
  if (
    Array.isArray(entry) &&
    entry.length === 3 &&
    (entry[0] === null || ['string', 'number', 'boolean'].includes(typeof entry[0])) &&
    Number.isSafeInteger(entry[1]) &&
    typeof entry[2] === 'string'
  ) {
    return entry as ProfileEntries[string];
  }
  throw corruptProfile();
}

function corruptProfile(): SegmentationError {
  return new SegmentationError(
    'CORRUPT_CUSTOMER_FEATURES',
    'stored profile attributes are malformed',
  );
}
