import { InvalidInputError, PlatformError, type ContactEvent } from '@cip/contracts';
import { bodyHash } from './canonical-json';
import type { Clock } from './clock';
import { decodeContactEvent } from './contact-event.decoder';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from './future-timestamp.policy';
import { INGESTION_ERROR_CODES } from './ingestion-error-codes';
import type { LedgerEntry } from './ledger-entry';
import type { CustomerResolver } from './identity/customer-resolver';
import type { ContactEventPublisher, IdempotencyLedger } from './ports';
import { decideReplay } from './replay.decision';

/** What the caller is told: the same for the first request and every replay of it. */
export interface AcceptanceReceipt {
  eventId: string;
  status: 'accepted';
  acceptedAt: string;
}

export interface RecordOutcome {
  receipt: AcceptanceReceipt;
  /** True when the event had been accepted before and nothing was published this time. */
  replayed: boolean;
}

/** One item of a batch: its saved outcome, or why it was refused (rendered at the edge). */
export type BatchItemOutcome =
  | {
      index: number;
      eventId: string;
      status: 'accepted' | 'replayed';
      receipt: AcceptanceReceipt;
    }
  | { index: number; eventId: string | undefined; status: 'rejected'; error: unknown };

/** Largest batch one request may carry; bigger ones are refused as a whole. */
export const MAX_BATCH_EVENTS = 1_000;

export interface RecordContactEventOptions {
  /** Must exceed the produce timeout, or a slow but alive publisher could be overtaken. */
  pendingTimeoutMs?: number;
  maxFutureSkewMs?: number;
  /** Identity resolution; without it the body's customerId is taken as is. */
  customerResolver?: CustomerResolver;
}

export const DEFAULT_PENDING_TIMEOUT_MS = 30_000;

/**
 * Accepts one contact event: validate, claim the event id, publish, confirm.
 *
 * Why claim-then-publish: a `pending` ledger row is inserted first (INSERT ... ON CONFLICT), so of
 * concurrent duplicates only the claim winner publishes; the others get a replay, a conflict or
 * "in progress". If publishing fails the claim is released so the client's retry can succeed.
 * If the process dies between the broker's ack and `markAccepted`, the claim goes stale and a
 * retry after `pendingTimeoutMs` publishes again: a duplicate record with the same event id,
 * which consumers drop (they deduplicate by event id). An acknowledged event is never lost.
 */
export class RecordContactEvent {
  private readonly pendingTimeoutMs: number;
  private readonly maxFutureSkewMs: number;
  private readonly customerResolver: CustomerResolver | undefined;

  constructor(
    private readonly ledger: IdempotencyLedger,
    private readonly publisher: ContactEventPublisher,
    private readonly clock: Clock,
    options: RecordContactEventOptions = {},
  ) {
    this.pendingTimeoutMs = options.pendingTimeoutMs ?? DEFAULT_PENDING_TIMEOUT_MS;
    this.maxFutureSkewMs = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
    this.customerResolver = options.customerResolver;
  }

  async record(body: unknown): Promise<RecordOutcome> {
    // Identity resolution first: `customerId` and/or `identifiers` become the canonical
    // customerId, so the claimed, hashed and published event always carries it (the Kafka key).
    const named = this.customerResolver ? await this.customerResolver.resolveBody(body) : body;
    const decoded = decodeContactEvent(named, this.clock, this.maxFutureSkewMs);
    if (!decoded.ok) {
      throw new InvalidInputError(decoded.code, decoded.message, { issues: decoded.issues });
    }
    const event = decoded.event;
    const hash = requestFingerprint(event, body);
    const claimedAt = this.clock.now();
    const pending: LedgerEntry = {
      eventId: event.eventId,
      customerId: event.customerId,
      type: event.type,
      bodyHash: hash,
      status: 'pending',
      occurredAt: new Date(event.occurredAt),
      acceptedAt: claimedAt,
      topic: this.publisher.topic,
    };
    const claim = await this.ledger.claim(pending);

    if (!claim.claimed) {
      const decision = decideReplay(claim.existing, hash, {
        now: claimedAt,
        pendingTimeoutMs: this.pendingTimeoutMs,
      });
      switch (decision) {
        case 'replay':
          return { receipt: receiptOf(claim.existing), replayed: true };
        case 'conflict':
          throw new PlatformError(
            INGESTION_ERROR_CODES.idempotencyConflict,
            `Event id ${event.eventId} was already used for a different event`,
          );
        case 'in-progress':
          throw inProgress(event.eventId);
        case 'retake': {
          const staleBefore = new Date(claimedAt.getTime() - this.pendingTimeoutMs);
          if (!(await this.ledger.retake(event.eventId, hash, staleBefore, claimedAt)))
            throw inProgress(event.eventId);
          break;
        }
        case 'new':
          // Unreachable: the ledger reported an existing row. Treat it like a concurrent claim.
          throw inProgress(event.eventId);
      }
    }

    try {
      await this.publisher.publish(event);
    } catch (error) {
      // Free the id for the client's retry; if even this fails the claim simply goes stale.
      await this.ledger.release(event.eventId, claimedAt).catch(() => undefined);
      throw error;
    }
    const accepted: LedgerEntry = { ...pending, status: 'accepted', acceptedAt: this.clock.now() };
    await this.ledger.markAccepted(accepted);
    return { receipt: receiptOf(accepted), replayed: false };
  }

  /**
   * Records each event exactly as `record` would on its own (same validation, idempotency and
   * acknowledgement), all at once: the ledger and publisher adapters then gather the items' claims,
   * records and confirmations into a few round trips. Every item settles on its own; which
   * failures refuse an item and which fail the whole request is for the edge to say.
   */
  async recordBatch(bodies: readonly unknown[]): Promise<BatchItemOutcome[]> {
    return Promise.all(
      bodies.map(async (body, index): Promise<BatchItemOutcome> => {
        try {
          const { receipt, replayed } = await this.record(body);
          const status = replayed ? 'replayed' : 'accepted';
          return { index, eventId: receipt.eventId, status, receipt };
        } catch (error) {
          return { index, eventId: eventIdOf(body), status: 'rejected', error };
        }
      }),
    );
  }
}

/**
 * What makes two requests with one event id "the same": the decoded event (defaults applied,
 * unknown fields dropped) with the customer as the caller named it (`customerId` and/or
 * `identifiers`), not as it resolved. A retry that straddles a merge of that customer resolves to
 * the survivor, yet it is the same request and must replay the original outcome, not conflict.
 */
export function requestFingerprint(event: ContactEvent, body: unknown): string {
  const named =
    typeof body === 'object' && body !== null
      ? (body as { customerId?: unknown; identifiers?: unknown })
      : {};
  return bodyHash({
    ...event,
    customerId: undefined,
    requestedCustomer: { customerId: named.customerId, identifiers: named.identifiers },
  });
}

/** The client's id of an item that may not even be an object, to label its result. */
function eventIdOf(body: unknown): string | undefined {
  const eventId: unknown =
    typeof body === 'object' && body !== null ? (body as { eventId?: unknown }).eventId : undefined;
  return typeof eventId === 'string' ? eventId : undefined;
}

function receiptOf(entry: LedgerEntry): AcceptanceReceipt {
  return { eventId: entry.eventId, status: 'accepted', acceptedAt: entry.acceptedAt.toISOString() };
}

function inProgress(eventId: string): PlatformError {
  return new PlatformError(
    INGESTION_ERROR_CODES.requestInProgress,
    `Another request with event id ${eventId} is being processed; retry shortly`,
  );
}
