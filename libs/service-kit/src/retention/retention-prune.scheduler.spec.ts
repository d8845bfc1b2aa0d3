import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  RetentionPruneScheduler,
  retentionCutoff,
  type RetentionPruneJob,
} from './retention-prune.scheduler';

const now = new Date('2025-06-02T12:00:00.000Z');
const INTERVAL = 1_000;

function fakeLogger() {
  return { info: jest.fn(), warn: jest.fn() };
}

/** A prune whose runs stay pending until the test settles them. */
function controllablePrune() {
  const runs: Array<{ cutoff: Date; resolve: (n: number) => void; reject: (e: Error) => void }> =
    [];
  const pruneBefore = (cutoff: Date) =>
    new Promise<number>((resolve, reject) => runs.push({ cutoff, resolve, reject }));
  return { runs, pruneBefore };
}

function scheduler(job: Partial<RetentionPruneJob>, logger = fakeLogger()) {
  return new RetentionPruneScheduler(
    {
      what: 'test rows',
      retentionDays: 8,
      intervalMs: INTERVAL,
      pruneBefore: () => Promise.resolve(0),
      now: () => now,
      ...job,
    },
    logger,
  );
}

describe('retentionCutoff', () => {
  it('is the retention in whole days before now', () => {
    expect(retentionCutoff(now, 8)).toEqual(new Date('2025-05-25T12:00:00.000Z'));
  });
});

describe('RetentionPruneScheduler', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('prunes what is older than now minus the retention and logs how many rows went', async () => {
    const cutoffs: Date[] = [];
    const logger = fakeLogger();
    const pruner = scheduler(
      {
        retentionDays: 10,
        pruneBefore: (cutoff) => {
          cutoffs.push(cutoff);
          return Promise.resolve(7);
        },
      },
      logger,
    );
    expect(await pruner.pruneOnce()).toBe(7);
    expect(cutoffs).toEqual([new Date('2025-05-23T12:00:00.000Z')]);
    expect(logger.info).toHaveBeenCalledWith(
      { pruned: 7, before: '2025-05-23T12:00:00.000Z' },
      'test rows pruned',
    );
  });

  it('runs one interval after start, then every interval, never two runs at once', async () => {
    jest.useFakeTimers();
    const { runs, pruneBefore } = controllablePrune();
    const pruner = scheduler({ pruneBefore });
    pruner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(runs).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(1);

    // The run takes five intervals: no second run starts meanwhile.
    await jest.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(runs).toHaveLength(1);
    runs[0]!.resolve(3);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(0);
    const stopped = pruner.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(0);
    await stopped;
  });

  it('logs a failed run and retries on the next interval', async () => {
    jest.useFakeTimers();
    const logger = fakeLogger();
    const { runs, pruneBefore } = controllablePrune();
    const pruner = scheduler({ pruneBefore }, logger);
    pruner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(INTERVAL);
    const failure = new Error('connection reset');
    runs[0]!.reject(failure);
    await jest.advanceTimersByTimeAsync(0);
    expect(logger.warn).toHaveBeenCalledWith(
      { err: failure },
      'test rows prune failed; the next run retries',
    );

    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(2);
    await jest.advanceTimersByTimeAsync(0);
    expect(logger.info).toHaveBeenCalledWith(
      expect.objectContaining({ pruned: 2 }),
      'test rows pruned',
    );
    const stopped = pruner.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(0);
    await stopped;
  });

  it('starts no timer when the interval is 0', async () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    const prune = jest.fn(() => Promise.resolve(0));
    const pruner = scheduler({ intervalMs: 0, pruneBefore: prune });
    pruner.onApplicationBootstrap();
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    expect(setIntervalSpy).not.toHaveBeenCalled();
    await pruner.onModuleDestroy();
    expect(prune).not.toHaveBeenCalled();
    // Still usable by hand.
    expect(await pruner.pruneOnce()).toBe(0);
    setTimeoutSpy.mockRestore();
    setIntervalSpy.mockRestore();
  });

  it('stops on module destroy, after waiting for the run in progress', async () => {
    jest.useFakeTimers();
    const { runs, pruneBefore } = controllablePrune();
    const pruner = scheduler({ pruneBefore });
    pruner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(runs).toHaveLength(1);

    let stopped = false;
    const stopping = pruner.onModuleDestroy().then(() => {
      stopped = true;
    });
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    runs[0]!.resolve(1);
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(runs).toHaveLength(1);
  });

  it('is started and stopped by Nest when provided through a factory', async () => {
    let calls = 0;
    const TOKEN = Symbol('PRUNER');
    @Module({
      providers: [
        {
          provide: TOKEN,
          useFactory: () =>
            scheduler({
              intervalMs: 5,
              pruneBefore: () => {
                calls += 1;
                return Promise.resolve(0);
              },
            }),
        },
      ],
    })
    class PruneModule {}

    const app = await NestFactory.createApplicationContext(PruneModule, { logger: false });
    await app.init();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBeGreaterThan(0);
    await app.close();
    const afterClose = calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(afterClose);
  });
});
