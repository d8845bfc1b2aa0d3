import type { FieldIssue } from '@cip/contracts';
import type { Clock } from './clock';

/** Producers' clocks drift; beyond this an event "from the future" is a client bug. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/**
 * An event cannot have happened after we received it (modulo clock skew). Returns the issue to
 * report, or undefined when the timestamp is acceptable. `occurredAt` is already a valid ISO
 * timestamp (the contract checked it).
 */
export function checkOccurredAt(
  occurredAt: string,
  clock: Clock,
  maxFutureSkewMs: number = DEFAULT_MAX_FUTURE_SKEW_MS,
): FieldIssue | undefined {
  const occurred = Date.parse(occurredAt);
  if (Number.isNaN(occurred)) {
    return { path: '/occurredAt', code: 'invalid_format', message: 'not a valid timestamp' };
  }
  const limit = clock.now().getTime() + maxFutureSkewMs;
  if (occurred > limit) {
    return {
      path: '/occurredAt',
      code: 'in_future',
      message: `must not be more than ${Math.round(maxFutureSkewMs / 1000)} s in the future`,
    };
  }
  return undefined;
}
