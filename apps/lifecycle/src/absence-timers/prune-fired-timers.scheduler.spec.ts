import type { Logger } from '@cip/telemetry';
import { FiredTimerPruneScheduler } from './prune-fired-timers.scheduler';
import { pruneCutoff } from './prune-fired-timers.store';

describe('pruneCutoff', () => {
  it('is the retention in whole days before now', () => {
    expect(pruneCutoff(new Date('2025-06-02T12:00:00.000Z'), 30)).toEqual(
      new Date('2025-05-03T12:00:00.000Z'),
    );
  });
});

describe('FiredTimerPruneScheduler', () => {
  const logger = { info: jest.fn(), warn: jest.fn() } as unknown as Logger;
  const now = new Date('2025-06-02T12:00:00.000Z');

  it('prunes what was settled before now minus the retention', async () => {
    const cutoffs: Date[] = [];
    const scheduler = new FiredTimerPruneScheduler(
      {
        pruneSettledBefore: (cutoff: Date) => {
          cutoffs.push(cutoff);
          return Promise.resolve(7);
        },
      },
      { days: 10, intervalMs: 0 },
      { now: () => now },
      logger,
    );
    expect(await scheduler.pruneOnce()).toBe(7);
    expect(cutoffs).toEqual([new Date('2025-05-23T12:00:00.000Z')]);
  });

  it('starts no timer when the interval is 0', async () => {
    const spy = jest.spyOn(global, 'setInterval');
    const scheduler = new FiredTimerPruneScheduler(
      { pruneSettledBefore: () => Promise.resolve(0) },
      { days: 10, intervalMs: 0 },
      { now: () => now },
      logger,
    );
    scheduler.onApplicationBootstrap();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    await scheduler.onModuleDestroy();
  });
});
