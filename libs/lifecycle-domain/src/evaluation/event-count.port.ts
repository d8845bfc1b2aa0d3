/** A contact event that counts towards an `event-count` trigger of its customer. */
export interface EventCountHit {
  customerId: string;
  triggerId: string;
  eventId: string;
  occurredAt: Date;
  /** Hits of the pair at or before this time can no longer count: the store may prune them. */
  expiredBefore: Date;
}

/**
 * The customer's earlier hits of an `event-count` trigger, kept durably (Postgres in the
 * service). Counting excludes the hit's own event id, so a redelivery does not count twice.
 */
export interface EventCountLookup {
  /** Stored hits of (customer, trigger) with from < occurredAt ≤ hit.occurredAt, other than hit.eventId. */
  countPrior(hit: EventCountHit, from: Date): Promise<number>;
}
