import type { ContactEvent } from '@cip/contracts';
import type { LedgerEntry } from './ledger-entry';
import type { ClaimResult, ContactEventPublisher, IdempotencyLedger } from './ports';

/** In-memory ledger with the same atomicity as the Postgres one (one JS turn per operation). */
export class InMemoryLedger implements IdempotencyLedger {
  readonly rows = new Map<string, LedgerEntry>();

  async claim(entry: LedgerEntry): Promise<ClaimResult> {
    await Promise.resolve();
    const existing = this.rows.get(entry.eventId);
    if (existing) return { claimed: false, existing: { ...existing } };
    this.rows.set(entry.eventId, { ...entry });
    return { claimed: true };
  }

  async retake(
    eventId: string,
    bodyHash: string,
    staleBefore: Date,
    claimedAt: Date,
  ): Promise<boolean> {
    await Promise.resolve();
    const row = this.rows.get(eventId);
    if (
      !row ||
      row.status !== 'pending' ||
      row.bodyHash !== bodyHash ||
      row.acceptedAt > staleBefore
    )
      return false;
    row.acceptedAt = claimedAt;
    return true;
  }

  async markAccepted(entry: LedgerEntry): Promise<void> {
    await Promise.resolve();
    const row = this.rows.get(entry.eventId);
    if (!row || row.status === 'pending') this.rows.set(entry.eventId, { ...entry });
  }

  async release(eventId: string, claimedAt: Date): Promise<void> {
    await Promise.resolve();
    const row = this.rows.get(eventId);
    if (row?.status === 'pending' && row.acceptedAt.getTime() === claimedAt.getTime())
      this.rows.delete(eventId);
  }

  async find(eventId: string): Promise<LedgerEntry | undefined> {
    await Promise.resolve();
    const row = this.rows.get(eventId);
    return row ? { ...row } : undefined;
  }
}

/** Records what was published; can be told to fail or to hang until released. */
export class RecordingPublisher implements ContactEventPublisher {
  readonly topic = 'contact-events';
  readonly published: ContactEvent[] = [];
  failWith: Error | undefined;

  async publish(event: ContactEvent): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.failWith) throw this.failWith;
    this.published.push(event);
  }
}
