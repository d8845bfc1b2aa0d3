import { canonicalJson } from '../canonical-json';
import type { Json } from './json-merge-patch';

/** One changed field: its JSON pointer and new value (`null` when it was removed). */
export interface FieldChange {
  field: string;
  value: Json;
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields that differ between two profiles, at the deepest object level (arrays count as one
 * value), in key order. Applying the changes as a merge patch to `before` gives `after`.
 */
export function diffProfiles(
  before: Json | undefined,
  after: Json | undefined,
  path = '',
): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      diffProfiles(before[key], after[key], `${path}/${escapePointer(key)}`),
    );
  }
  if (after === undefined) return before === undefined ? [] : [{ field: path, value: null }];
  if (before !== undefined && canonicalJson(before) === canonicalJson(after)) return [];
  return [{ field: path, value: after }];
}

/** RFC 6901 escaping of one pointer segment. */
function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
