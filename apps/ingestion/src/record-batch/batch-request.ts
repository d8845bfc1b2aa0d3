import { InvalidInputError } from '@cip/contracts';
import { INGESTION_ERROR_CODES, MAX_BATCH_EVENTS } from '@cip/ingestion-domain';

/**
 * The events of a batch body `{ "events": [ ... ] }`. Only the envelope is checked here; each
 * event is validated on its own, so one bad event refuses that item, not the batch.
 */
export function batchEventsOf(body: unknown): readonly unknown[] {
  const events: unknown =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as { events?: unknown }).events
      : undefined;
  if (!Array.isArray(events)) {
    throw invalidBatch('invalid_type', 'Expected an object with an "events" array');
  }
  if (events.length === 0) throw invalidBatch('too_small', 'A batch holds at least one event');
  if (events.length > MAX_BATCH_EVENTS) {
    throw invalidBatch('too_big', `A batch holds at most ${MAX_BATCH_EVENTS} events`);
  }
  return events;
}

function invalidBatch(code: string, message: string): InvalidInputError {
  return new InvalidInputError(INGESTION_ERROR_CODES.invalidBatch, message, {
    issues: [{ path: '/events', code, message }],
  });
}
