import type { CustomerState } from './customer-state';

export type ContactEventRoute = { kind: 'apply' } | { kind: 'redirect'; survivorId: string };

/**
 * Where a contact event for this state goes. A merged (tombstoned) customer takes no events: one
 * still arriving was keyed by its old id before ingestion learned of the merge, and belongs to
 * the survivor.
 */
export function routeContactEvent(state: CustomerState | undefined): ContactEventRoute {
  return state?.mergedInto === undefined
    ? { kind: 'apply' }
    : { kind: 'redirect', survivorId: state.mergedInto };
}
