/** What a cached value of a given age calls for (`refreshDecision`). */
export type RefreshDecision = 'serve' | 'serve-and-read-ahead' | 'wait-for-read';

/**
 * Share of the refresh period after which a read starts in the background. In the last quarter
 * (125 ms of a 500 ms period) the read has time to land before anyone must wait for it.
 */
export const READ_AHEAD_SHARE = 0.75;

/**
 * Refresh-ahead for values re-read from a database: a value is served until it is `refreshMs` old,
 * the bound on staleness callers rely on, and a read starts in the background once it is three
 * quarters of that old. A caller that comes at least that often never waits for a read (on a
 * consumer's hot path a read twice a second held back a whole batch each time); one that comes
 * after a longer pause waits, as the bound requires.
 */
export function refreshDecision(ageMs: number, refreshMs: number): RefreshDecision {
  if (ageMs >= refreshMs) return 'wait-for-read';
  if (ageMs >= refreshMs * READ_AHEAD_SHARE) return 'serve-and-read-ahead';
  return 'serve';
}

/**
 * The value to use now under `refreshDecision`: `cached` while it is fresh enough, starting
 * `read` in the background in the last quarter of its period; `read`'s result once it is a
 * period old, or when there is none. `read` should join a read in flight (one at a time); a
 * failure of a background read is left to `read` to report, since the cached value still serves.
 */
export function valueWithReadAhead<T>(
  cached: { value: T; loadedAtMs: number } | undefined,
  nowMs: number,
  refreshMs: number,
  read: () => Promise<T>,
): Promise<T> {
  if (cached === undefined) return read();
  const decision = refreshDecision(nowMs - cached.loadedAtMs, refreshMs);
  if (decision === 'wait-for-read') return read();
  if (decision === 'serve-and-read-ahead') read().catch(() => undefined);
  return Promise.resolve(cached.value);
}
