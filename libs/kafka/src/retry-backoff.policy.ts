/** Upper bound of one in-process wait, so a long outage never parks a partition for minutes. */
export const DEFAULT_MAX_BACKOFF_MS = 30_000;

/**
 * Wait before retry number `failedAttempts` (1 after the first failure): `baseMs * 2^(n-1)`,
 * capped. Deterministic on purpose: a partition is handled by one instance at a time, so there is
 * no herd to spread with jitter, and tests can assert the schedule.
 */
export function backoffDelayMs(
  failedAttempts: number,
  baseMs: number,
  maxMs = DEFAULT_MAX_BACKOFF_MS,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  // 2^exponent overflows to Infinity long before it matters; the cap keeps it finite.
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

export interface InterruptibleWait {
  /** Checked before each slice; returning false ends the wait early. */
  isActive(): boolean;
  /** Called between slices so the group coordinator does not evict us while we wait. */
  heartbeat(): Promise<void>;
  signal: AbortSignal;
}

/** Longest slice between heartbeats; kafkajs throttles heartbeats itself, so calling often is cheap. */
const WAIT_SLICE_MS = 500;

/**
 * Sleeps `ms` in slices, heartbeating between them. Resolves `true` when the full time passed,
 * `false` as soon as the consumer is stopping or lost the partition.
 */
export async function waitInterruptibly(ms: number, wait: InterruptibleWait): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (wait.signal.aborted || !wait.isActive()) return false;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return true;
    await sleep(Math.min(remaining, WAIT_SLICE_MS), wait.signal);
    if (wait.signal.aborted || !wait.isActive()) return false;
    await wait.heartbeat();
  }
}

/** setTimeout as a promise that also ends (without rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
