import { IDENTITY_ERROR_CODES, INGESTION_ERROR_CODES } from '@cip/ingestion-domain';

/** One contact event is a few hundred bytes; anything near this limit is not one. */
export const INGESTION_BODY_LIMIT_BYTES = 64 * 1024;

/** POST /v1/events:batch: up to 1,000 events of about 2 KB on average. */
export const INGESTION_BATCH_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export const UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE';

/** A body sent as application/json that does not parse (or is empty): a 400 like any bad input. */
export const MALFORMED_JSON = 'MALFORMED_JSON';

/** HTTP status of ingestion's own error codes (input errors default to 400, BUS_UNAVAILABLE to 503). */
export const INGESTION_STATUS_BY_CODE: Record<string, number> = {
  [INGESTION_ERROR_CODES.idempotencyConflict]: 409,
  [INGESTION_ERROR_CODES.requestInProgress]: 409,
  [INGESTION_ERROR_CODES.eventNotFound]: 404,
  [UNSUPPORTED_MEDIA_TYPE]: 415,
  [IDENTITY_ERROR_CODES.customerNotFound]: 404,
  [IDENTITY_ERROR_CODES.profileVersionMismatch]: 412,
  [IDENTITY_ERROR_CODES.identityContention]: 409,
  [IDENTITY_ERROR_CODES.identityOverloaded]: 503,
};
