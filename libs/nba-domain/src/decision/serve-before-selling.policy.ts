import type { OpenAlert } from '../alerts/open-alert';
import type { ActionKind } from '../catalog/catalog-action';

/**
 * domain.md §6: serve before selling when the customer has an open complaint. Every open alert
 * today is an attrition alert (repeated complaints, service failures, falling satisfaction), so any
 * open alert blocks selling; a finer rule (alert categories) can replace this one function.
 */
export function sellingBlockedBy(openAlerts: readonly OpenAlert[]): boolean {
  return openAlerts.length > 0;
}

export const SELLING_KINDS: ReadonlySet<ActionKind> = new Set(['upsell']);
