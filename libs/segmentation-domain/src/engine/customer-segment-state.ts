import type { CustomerFeatures } from '../features/customer-features';
import type { MembershipChange } from '../membership/membership-change';

/**
 * One customer's segmentation state: the features conditions read, the current memberships, the
 * next instant time alone can change one of them, and the changes not yet recorded durably.
 */
export interface CustomerSegmentState {
  features: CustomerFeatures;
  /** Segment id → the definition version the customer is a member under. */
  memberships: Record<string, number>;
  /** Earliest instant (epoch ms) a membership can flip with no event; null = none. */
  nextDueMs: number | null;
  /**
   * Membership changes written to the hot state whose durable record is not confirmed yet. A
   * redelivered event found in the dedup ring republishes its own entries from here (same ids),
   * so a crash between the hot write and the publish loses nothing. Cleared once recorded.
   */
  pending: MembershipChange[];
  /** Set once this id was merged into another: its events go to the survivor. */
  mergedInto?: string | undefined;
  /**
   * Key of the segment catalog `memberships` and `nextDueMs` were last computed under (see
   * `SegmentCatalog.key`). When it differs from the catalog at hand, the engine evaluates every
   * segment instead of only those the event touched. Absent = unknown (evaluate all).
   */
  catalogKey?: string | undefined;
}
