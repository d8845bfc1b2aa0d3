/**
 * String codes of ingestion's errors; they become the problem `code`/`type` at the HTTP edge.
 * Anything rejected as input is a 400 unless the app maps the code otherwise.
 */
export const INGESTION_ERROR_CODES = {
  invalidEvent: 'INVALID_EVENT',
  invalidBatch: 'INVALID_BATCH',
  unknownEventType: 'UNKNOWN_EVENT_TYPE',
  unsupportedVersion: 'UNSUPPORTED_VERSION',
  occurredInFuture: 'OCCURRED_AT_IN_FUTURE',
  occurredTooLongAgo: 'OCCURRED_AT_TOO_OLD',
  idempotencyConflict: 'IDEMPOTENCY_CONFLICT',
  requestInProgress: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  eventNotFound: 'EVENT_NOT_FOUND',
} as const;

export type IngestionErrorCode = (typeof INGESTION_ERROR_CODES)[keyof typeof INGESTION_ERROR_CODES];
