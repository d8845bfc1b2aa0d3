import type { FieldIssue } from '@cip/contracts';
import type { Clock } from './clock';

const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

/**
 * Fifty years back. Old enough for a bulk import to carry decades of account and contract
 * history; young enough to catch the usual broken timestamps: default values (0001-01-01,
 * 1900-01-01), the Unix epoch and seconds sent where milliseconds were meant (January 1970).
 */
export const DEFAULT_MAX_OCCURRED_AT_AGE_MS = 50 * YEAR_MS;

/**
 * An event older than `maxAgeMs` is a client bug, not history. Returns the issue to report, or
 * undefined when the timestamp is plausible. `occurredAt` is already a valid ISO timestamp.
 */
export function checkOccurredAtAge(
  occurredAt: string,
  clock: Clock,
  maxAgeMs: number = DEFAULT_MAX_OCCURRED_AT_AGE_MS,
): FieldIssue | undefined {
  const earliest = clock.now().getTime() - maxAgeMs;
  if (Date.parse(occurredAt) < earliest) {
    return {
      path: '/occurredAt',
      code: 'too_old',
      message: `must not be before ${new Date(earliest).toISOString()}`,
    };
  }
  return undefined;
}
