import { INGESTION_ERROR_CODES } from '@cip/ingestion-domain';

/** One contact event is a few hundred bytes; anything near this limit is not one. */
export const INGESTION_BODY_LIMIT_BYTES = 64 * 1024;

export const UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE';

/** HTTP status of ingestion's own error codes (input errors default to 400, BUS_UNAVAILABLE to 503). */
export const INGESTION_STATUS_BY_CODE: Record<string, number> = {
  [INGESTION_ERROR_CODES.idempotencyConflict]: 409,
  [INGESTION_ERROR_CODES.requestInProgress]: 409,
  [INGESTION_ERROR_CODES.eventNotFound]: 404,
  [UNSUPPORTED_MEDIA_TYPE]: 415,
};
