import fc from 'fast-check';
import {
  backoffDelayMs,
  DEFAULT_MAX_BACKOFF_MS,
  sleep,
  waitInterruptibly,
} from './retry-backoff.policy';

describe('backoffDelayMs', () => {
  it('doubles from the base delay after each failed attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, 200))).toEqual([
      200, 400, 800, 1_600, 3_200,
    ]);
  });

  it('is capped', () => {
    expect(backoffDelayMs(10, 200, 5_000)).toBe(5_000);
    expect(backoffDelayMs(1_000, 200)).toBe(DEFAULT_MAX_BACKOFF_MS);
  });

  it('never shrinks, never exceeds the cap and never goes below the base (up to the cap)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (attempt, base, cap) => {
          const delay = backoffDelayMs(attempt, base, cap);
          const next = backoffDelayMs(attempt + 1, base, cap);
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeLessThanOrEqual(cap);
          expect(delay).toBeGreaterThanOrEqual(Math.min(base, cap));
          expect(next).toBeGreaterThanOrEqual(delay);
        },
      ),
    );
  });
});

describe('waitInterruptibly', () => {
  it('waits the full time and heartbeats between slices', async () => {
    jest.useFakeTimers();
    try {
      const heartbeat = jest.fn(async () => undefined);
      let completed: boolean | undefined;
      void waitInterruptibly(1_100, {
        isActive: () => true,
        heartbeat,
        signal: new AbortController().signal,
      }).then((done) => {
        completed = done;
      });
      await jest.advanceTimersByTimeAsync(1_099);
      expect(completed).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      expect(completed).toBe(true);
      // Slices of 500, 500 and 100 ms, each followed by a heartbeat.
      expect(heartbeat).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('returns false as soon as the signal aborts', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    const completed = await waitInterruptibly(10_000, {
      isActive: () => true,
      heartbeat: async () => undefined,
      signal: abort.signal,
    });
    expect(completed).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('returns false without waiting when the partition is no longer ours', async () => {
    const heartbeat = jest.fn(async () => undefined);
    const completed = await waitInterruptibly(10_000, {
      isActive: () => false,
      heartbeat,
      signal: new AbortController().signal,
    });
    expect(completed).toBe(false);
    expect(heartbeat).not.toHaveBeenCalled();
  });

  it('lets a heartbeat failure (rebalance) propagate', async () => {
    const rebalance = new Error('The group is rebalancing');
    await expect(
      waitInterruptibly(600, {
        isActive: () => true,
        heartbeat: async () => Promise.reject(rebalance),
        signal: new AbortController().signal,
      }),
    ).rejects.toBe(rebalance);
  });
});

describe('sleep', () => {
  it('resolves immediately for an already aborted signal', async () => {
    const abort = new AbortController();
    abort.abort();
    const started = Date.now();
    await sleep(5_000, abort.signal);
    expect(Date.now() - started).toBeLessThan(100);
  });
});
