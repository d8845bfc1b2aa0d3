import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import type { CustomerProfile } from '../severity/value-profile';

/** Has this consumer already applied the event (inbox, read side)? */
export interface ProcessedEvents {
  isProcessed(eventId: string): Promise<boolean>;
}

/** Publishes trigger.fired and attrition.alert.raised; resolves once the broker acknowledged all. */
export interface FiringPublisher {
  publish(fired: readonly FiredTrigger[]): Promise<void>;
}

/**
 * Stores the alerts of the firings and marks the causing event processed, in one transaction
 * (alert insert is idempotent on the deterministic alert id).
 */
export interface AlertRecorder {
  record(causingEventId: string, fired: readonly FiredTrigger[]): Promise<void>;
}

/** Value tier and satisfaction of a customer, when known. */
export interface CustomerProfiles {
  profileOf(event: SegmentMembershipChangedV1): Promise<CustomerProfile>;
}
