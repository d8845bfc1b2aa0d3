import type { FiredTrigger } from '../evaluation/fired-trigger';

/** Has this consumer already applied the event (inbox, read side)? */
export interface ProcessedEvents {
  isProcessed(eventId: string): Promise<boolean>;
  /** Batch form (one round trip): the ids among `eventIds` already applied. */
  processedAmong?(eventIds: readonly string[]): Promise<ReadonlySet<string>>;
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
  /** Batch form: every entry in one transaction. Optional: without it, one `record` each. */
  recordAll?(
    entries: ReadonlyArray<{ causingEventId: string; fired: readonly FiredTrigger[] }>,
  ): Promise<void>;
}

export type { CustomerProfiles } from '../evaluation/customer-profiles.port';
