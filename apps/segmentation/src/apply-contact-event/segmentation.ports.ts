import type { ContactEvent } from '@cip/contracts';
import type { CustomerState, MembershipChange } from '@cip/segmentation-domain';

/** The hot copy of a customer's state, with the version it was stored at (for compare-and-set). */
export interface StoredState {
  state: CustomerState;
  version: number;
}

export interface CustomerStateStore {
  load(customerId: string): Promise<StoredState | undefined>;
  /**
   * Stores `state` (and the customer's current membership set) only if the stored version is
   * still `expectedVersion` (`undefined` = no state stored). False when another handler won.
   */
  compareAndSet(state: CustomerState, expectedVersion: number | undefined): Promise<boolean>;
}

/** Everything the durable (Postgres) side of one applied event needs. */
export interface AppliedEventRecord {
  consumer: string;
  eventId: string;
  state: CustomerState;
  changes: readonly MembershipChange[];
}

export interface SegmentationRecords {
  isProcessed(consumer: string, eventId: string): Promise<boolean>;
  /** The durable snapshot, used to rebuild Redis when it lost the customer. */
  loadSnapshot(customerId: string): Promise<CustomerState | undefined>;
  /**
   * One transaction: inbox claim, snapshot (only if not older than the stored one), current
   * memberships, history rows (unique event id). False if the event was already recorded.
   */
  record(entry: AppliedEventRecord): Promise<boolean>;
  /** Same as `record`, for a merge: every state it wrote (merged ids and survivor) at once. */
  recordMerge(entry: MergeRecord): Promise<boolean>;
}

/** Everything the durable side of one applied `customer.merged` needs. */
export interface MergeRecord {
  consumer: string;
  eventId: string;
  states: readonly CustomerState[];
  changes: readonly MembershipChange[];
}

export interface ContactEventRedirector {
  /**
   * Re-publishes `event` to the contact-events topic for `survivorId` (same event id and payload,
   * so everything downstream still deduplicates it). Resolves once the broker acknowledged it.
   */
  redirect(event: ContactEvent, survivorId: string): Promise<void>;
}

export interface MembershipPublisher {
  /** Resolves once the broker acknowledged every change (acks=all). */
  publish(
    changes: readonly MembershipChange[],
    trigger: { eventId: string; correlationId?: string | undefined },
  ): Promise<void>;
}
