import { StateError } from './state-error';

/**
 * Keys are always built in full here (the client has no keyPrefix) because Lua scripts receive
 * KEYS verbatim: a client-side prefix would be applied to KEYS but not to names built inside
 * the script.
 */

/**
 * `${prefix}cust:{${customerId}}:${suffix}`. The braces are a Redis Cluster hash tag: every key
 * of one customer hashes to the same slot, so multi-key scripts over them stay legal.
 */
export function customerKey(prefix: string, customerId: string, suffix: string): string {
  if (customerId.length === 0 || /[{}]/.test(customerId)) {
    throw new StateError('INVALID_KEY', 'customer id must be non-empty and contain no { or }');
  }
  assertPart('suffix', suffix);
  return `${prefix}cust:{${customerId}}:${suffix}`;
}

/** A key that belongs to no customer: `${prefix}${parts.join(':')}` (e.g. definitions, timers). */
export function serviceKey(prefix: string, ...parts: string[]): string {
  if (parts.length === 0) throw new StateError('INVALID_KEY', 'a key needs at least one part');
  parts.forEach((part) => assertPart('part', part));
  return `${prefix}${parts.join(':')}`;
}

function assertPart(what: string, value: string): void {
  // A brace outside the customer tag would make Redis Cluster hash on the wrong substring.
  if (value.length === 0 || /[{}]/.test(value)) {
    throw new StateError('INVALID_KEY', `key ${what} must be non-empty and contain no { or }`);
  }
}
