import { createHash } from 'node:crypto';

/**
 * `${kind}-${32 hex}` from a hash of the parts. The same (customer, trigger, causing event) always
 * yields the same ids, so a redelivered or replayed event can only produce copies that downstream
 * consumers drop by id, never a second distinct alert. JSON encoding keeps the parts unambiguous.
 */
export function deterministicId(kind: string, ...parts: readonly string[]): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([kind, ...parts]))
    .digest('hex');
  return `${kind}-${digest.slice(0, 32)}`;
}

export interface FiringIds {
  alertId: string;
  alertEventId: string;
  triggerFiredEventId: string;
}

/** Every id a firing of `triggerId` for `customerId` caused by `causingEventId` needs. */
export function firingIds(
  customerId: string,
  triggerId: string,
  causingEventId: string,
): FiringIds {
  return {
    alertId: deterministicId('alert', customerId, triggerId, causingEventId),
    alertEventId: deterministicId('attrition-alert-raised', customerId, triggerId, causingEventId),
    triggerFiredEventId: deterministicId('trigger-fired', customerId, triggerId, causingEventId),
  };
}
