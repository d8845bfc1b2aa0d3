/** A contact event that counts towards an `event-count` trigger of its customer. */
export interface EventCountHit {
  customerId: string;
  triggerId: string;
  eventId: string;
  occurredAt: Date;
  /** Hits of the pair at or before this time can no longer count: the store may prune them. */
  expiredBefore: Date;
}

/** A stored hit as read back (its pruning horizon was applied when it was written). */
export type StoredEventCountHit = Omit<EventCountHit, 'expiredBefore'>;

/** The stored hits of (customer, trigger) that may still count: those after `from`. */
export interface EventCountWindow {
  customerId: string;
  triggerId: string;
  from: Date;
}

/**
 * The customers' earlier hits of `event-count` triggers, kept durably (Postgres in the service).
 * Raw hits rather than counts: a batch counts them together with its own earlier events' hits
 * (and their pruning), so one read serves every event of the batch.
 */
export interface EventCountLookup {
  /** Stored hits of the windows' pairs with occurredAt > from (any order, no duplicates needed). */
  priorHits(windows: readonly EventCountWindow[]): Promise<StoredEventCountHit[]>;
}
