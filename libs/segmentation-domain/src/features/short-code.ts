import { createHash } from 'node:crypto';

// Names come from definitions, so they are few; every event encodes them, so hash once.
const caches = new Map<number, Map<string, string>>();

/**
 * A stored name's short stable code: the first `length` characters of its SHA-256 in base64url
 * (no registry to keep in step across instances; `byShortCode` rejects collisions).
 */
export function shortCode(name: string, length: number): string {
  let cache = caches.get(length);
  if (cache === undefined) {
    cache = new Map();
    caches.set(length, cache);
  }
  let code = cache.get(name);
  if (code === undefined) {
    code = createHash('sha256').update(name).digest('base64url').slice(0, length);
    if (cache.size < 100_000) cache.set(name, code);
  }
  return code;
}

/** Code → name for `names`; two names sharing a code would be confused: `collision` is thrown. */
export function byShortCode(
  names: Iterable<string>,
  length: number,
  collision: (code: string, first: string, second: string) => Error,
): Map<string, string> {
  const known = new Map<string, string>();
  for (const name of names) {
    const code = shortCode(name, length);
    const other = known.get(code);
    if (other !== undefined && other !== name) throw collision(code, other, name);
    known.set(code, name);
  }
  return known;
}
