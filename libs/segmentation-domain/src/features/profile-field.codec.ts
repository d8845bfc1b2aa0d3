import { SegmentationError } from '../definitions/segment-definition';
import type { CustomerFeatures } from './customer-features';
import { byShortCode, shortCode } from './short-code';

type ProfileEntries = CustomerFeatures['profile'];

/**
 * The profile attributes of a features hash in one field, grouped by the change that set them
 * (one customer-file change usually sets them all): `[[atMs36, fingerprint, {code: value}], …]`.
 * Attributes are named by 4-character codes of their name (names such as `insurance/awareness`
 * were most of the field's bytes), so decoding needs the attributes the spec tracks; a code it
 * does not know is an attribute no longer tracked and is dropped, as untracked series are.
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
  const groups = new Map<string, [string, string, Record<string, unknown>]>();
  for (const attribute in profile) {
    const [value, atMs, fingerprint] = profile[attribute]!;
    const key = `${atMs}|${fingerprint}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = [atMs.toString(36), fingerprint, {}];
      groups.set(key, group);
    }
    group[2][profileAttributeCode(attribute)] = value;
  }
  return groups.size === 0 ? undefined : JSON.stringify([...groups.values()]);
}

/** Reads a grouped profile field into `into`; `nameOf` maps a stored key to its attribute. */
export function decodeProfileField(
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
