import { createHash } from 'node:crypto';

/**
 * JSON text with object keys sorted at every level, so two bodies that differ only in key order
 * or whitespace produce the same text (and the same idempotency hash). Array order is kept: it
 * is meaningful. Like JSON.stringify, `undefined` members are dropped.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // Top-level undefined/function/symbol have no JSON form; `null` keeps the output total.
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of `value`: the fingerprint of a request body. */
export function bodyHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
