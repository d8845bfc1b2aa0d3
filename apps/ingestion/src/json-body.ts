import { PlatformError } from '@cip/contracts';
import { UNSUPPORTED_MEDIA_TYPE } from './ingestion-http.settings';

/**
 * Every body reaches the routes (see FastifyContentTypesSetup); only JSON is accepted, with one
 * problem code for everything else.
 */
export function requireJsonBody(contentType: string | undefined): void {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new PlatformError(UNSUPPORTED_MEDIA_TYPE, 'The body must be application/json');
  }
}
