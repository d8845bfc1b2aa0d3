import { PlatformError } from '@cip/contracts';
import { INGESTION_ERROR_CODES } from './ingestion-error-codes';
import type { IdempotencyLedger } from './ports';

/** What GET /v1/events/:eventId reports: the ledger outcome, without the payload. */
export interface EventStatusView {
  eventId: string;
  status: 'pending' | 'accepted';
  type: string;
  occurredAt: string;
  acceptedAt: string | null;
  topic: string;
}

export async function findEventStatus(
  ledger: IdempotencyLedger,
  eventId: string,
): Promise<EventStatusView> {
  const entry = await ledger.find(eventId);
  if (!entry)
    throw new PlatformError(
      INGESTION_ERROR_CODES.eventNotFound,
      `No event with id ${eventId.slice(0, 128)}`,
    );
  return {
    eventId: entry.eventId,
    status: entry.status,
    type: entry.type,
    occurredAt: entry.occurredAt.toISOString(),
    // A pending row's timestamp is its claim time, not an acceptance.
    acceptedAt: entry.status === 'accepted' ? entry.acceptedAt.toISOString() : null,
    topic: entry.topic,
  };
}
