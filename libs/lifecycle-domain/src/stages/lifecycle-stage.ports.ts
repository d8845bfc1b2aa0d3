import type { CustomerStage, StageChange, StageHistoryEntry } from './customer-stage';

/** Durable stage per customer, its history, and the inbox of the stage consumer. */
export interface LifecycleStageStore {
  isProcessed(eventId: string): Promise<boolean>;
  current(customerId: string): Promise<CustomerStage | null>;
  /**
   * In one transaction: claims `eventId` in the inbox and, with a change, writes the new current
   * stage only if the stored version is still `change.version - 1` (else throws
   * STAGE_VERSION_CONFLICT, rolling back the claim) plus its history row.
   */
  record(eventId: string, change: StageChange | null): Promise<void>;
  history(customerId: string): Promise<StageHistoryEntry[]>;
}

/** Publishes lifecycle.stage.changed to `lifecycle-stages`; resolves once acknowledged. */
export interface StageChangePublisher {
  publish(change: StageChange): Promise<void>;
}
