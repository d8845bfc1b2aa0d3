import type { CustomerStage, StageChange, StageHistoryEntry } from './customer-stage';

/** Durable stage per customer, its history, and the inbox of the stage consumer. */
export interface LifecycleStageStore {
  isProcessed(eventId: string): Promise<boolean>;
  /** Batch form (one round trip): the ids among `eventIds` already processed. */
  processedAmong?(eventIds: readonly string[]): Promise<ReadonlySet<string>>;
  current(customerId: string): Promise<CustomerStage | null>;
  /** Batch form (one round trip); a customer missing from the map has no stage yet. */
  currentOf?(customerIds: readonly string[]): Promise<ReadonlyMap<string, CustomerStage>>;
  /**
   * In one transaction: claims `eventId` in the inbox and, with a change, writes the new current
   * stage only if the stored version is still `change.version - 1` (else throws
   * STAGE_VERSION_CONFLICT, rolling back the claim) plus its history row.
   */
  record(eventId: string, change: StageChange | null): Promise<void>;
  /**
   * Batch form, in one transaction: claims every entry's event id and moves each customer from
   * the version before its first change of the batch to its last one (else throws
   * STAGE_VERSION_CONFLICT and rolls everything back), with a history row per change. A
   * customer's changes come in order with consecutive versions. Optional: without it, one
   * `record` per entry.
   */
  recordAll?(entries: readonly StageRecord[]): Promise<void>;
  history(customerId: string): Promise<StageHistoryEntry[]>;
}

/** A processed membership change and the stage change it made, if any. */
export interface StageRecord {
  eventId: string;
  change: StageChange | null;
}

/** Publishes lifecycle.stage.changed to `lifecycle-stages`; resolves once acknowledged. */
export interface StageChangePublisher {
  publish(change: StageChange): Promise<void>;
  /** Batch form: every change in one send, in order. Optional: without it, one `publish` each. */
  publishAll?(changes: readonly StageChange[]): Promise<void>;
}
