import { PlatformError } from '@cip/contracts';

export const BUS_UNAVAILABLE = 'BUS_UNAVAILABLE';

/**
 * Kafka did not answer (down, unreachable or too slow) within the allotted time. Retrying later
 * can help, so an HTTP edge maps it to 503 with Retry-After. A publish that failed this way may
 * still have been written: callers retry with the same event id and consumers deduplicate.
 */
export class BusUnavailableError extends PlatformError {
  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(BUS_UNAVAILABLE, message, options?.details, { cause: options?.cause });
  }
}
