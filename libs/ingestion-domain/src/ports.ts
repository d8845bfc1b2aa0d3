import type { ContactEvent } from '@cip/contracts';
import type { LedgerEntry } from './ledger-entry';

export type ClaimResult = { claimed: true } | { claimed: false; existing: LedgerEntry };

/** The idempotency ledger (Postgres in production: the source of truth for accepted event ids). */
export interface IdempotencyLedger {
  /**
   * Atomically inserts `entry` as pending unless a row for its event id exists; then returns
   * that row instead. Exactly one of several concurrent claims for one id wins.
   */
  claim(entry: LedgerEntry): Promise<ClaimResult>;
  /** Takes over a pending claim taken at or before `staleBefore`; false when another request got it first. */
  retake(eventId: string, bodyHash: string, staleBefore: Date, claimedAt: Date): Promise<boolean>;
  /**
   * Records `entry` as accepted (status and acceptedAt taken from it), whoever holds the claim now:
   * Kafka acknowledged the event, so the ledger must say so. An already accepted row is kept.
   */
  markAccepted(entry: LedgerEntry): Promise<void>;
  /**
   * Deletes the pending claim taken at `claimedAt` (publishing failed) so a retry can succeed.
   * The claim time fences it: a claim retaken by another request in the meantime is left alone.
   */
  release(eventId: string, claimedAt: Date): Promise<void>;
  find(eventId: string): Promise<LedgerEntry | undefined>;
}

/** Writes an event to the contact-events log; resolves only once the broker acknowledged it. */
export interface ContactEventPublisher {
  readonly topic: string;
  publish(event: ContactEvent): Promise<void>;
}
