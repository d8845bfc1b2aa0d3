/**
 * One row of the idempotency ledger. `pending` means a request claimed the event id and is
 * publishing it; `accepted` means Kafka acknowledged it and the caller got (or will get) a 202.
 */
export type LedgerStatus = 'pending' | 'accepted';

export interface LedgerEntry {
  eventId: string;
  customerId: string;
  type: string;
  /** Canonical-JSON sha256 of the decoded event; tells a replay from a conflicting reuse of the id. */
  bodyHash: string;
  status: LedgerStatus;
  occurredAt: Date;
  /** While pending: when the claim was taken (to detect abandoned claims); once accepted: when Kafka acknowledged. */
  acceptedAt: Date;
  topic: string;
}
