import { createLogger } from '@cip/telemetry';
import { BackfillPoller, type JobQueuedSignal } from './backfill.poller';
import type { RunOutcome } from './backfill.runner';

const logger = createLogger({ serviceName: 'segmentation', level: 'silent' });

/** A runner that finds nothing to do; `claimableIn` answers its `nextClaimableInMs`. */
function runnerCounting(claimableIn: Array<number | undefined> = []) {
  let calls = 0;
  let release: (() => void) | undefined;
  const runner = {
    runNext: (): Promise<RunOutcome> => {
      calls += 1;
      if (!release) return Promise.resolve('idle');
      // A job runs until `finishJob`, then the queue is empty.
      return new Promise((resolve) => {
        const done = release!;
        release = () => {
          done();
          resolve('done');
        };
      });
    },
    nextClaimableInMs: () => Promise.resolve(claimableIn.shift()),
    stop: () => undefined,
  };
  return {
    runner,
    calls: () => calls,
    /** The next look finds a job that runs until `finishJob`. */
    holdNextJob: () => {
      release = () => undefined;
    },
    finishJob: () => {
      const finish = release;
      release = undefined;
      finish?.();
    },
  };
}

function recordingSignal() {
  const events: string[] = [];
  let onQueued: (() => void) | undefined;
  const listen = (wake: () => void): JobQueuedSignal => {
    onQueued = wake;
    return {
      start: () => {
        events.push('start');
        return Promise.resolve();
      },
      close: () => {
        events.push('close');
        return Promise.resolve();
      },
    };
  };
  return { listen, events, queued: () => onQueued?.() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tick = () => sleep(30);

describe('BackfillPoller', () => {
  it('looks for jobs at boot and when nudged', async () => {
    const { runner, calls } = runnerCounting();
    const poller = new BackfillPoller(runner, 60_000, logger);
    poller.onApplicationBootstrap();
    await tick();
    expect(calls()).toBe(1);
    poller.nudge();
    await tick();
    expect(calls()).toBe(2);
    await poller.onApplicationShutdown();
  });

  it('runs nothing on an instance that leaves backfills to others, and does not listen', async () => {
    const { runner, calls } = runnerCounting();
    const signal = recordingSignal();
    const poller = new BackfillPoller(runner, 10, logger, false, signal.listen);
    poller.onApplicationBootstrap();
    poller.nudge();
    signal.queued();
    await tick();
    expect(calls()).toBe(0);
    await poller.onApplicationShutdown();
    expect(signal.events).toEqual([]);
  });

  it('looks again when a job is announced, and closes the announcements at shutdown', async () => {
    const { runner, calls } = runnerCounting();
    const signal = recordingSignal();
    const poller = new BackfillPoller(runner, 60_000, logger, true, signal.listen);
    poller.onApplicationBootstrap();
    await tick();
    expect(signal.events).toEqual(['start']);
    expect(calls()).toBe(1);
    signal.queued();
    await tick();
    expect(calls()).toBe(2);
    await poller.onApplicationShutdown();
    expect(signal.events).toEqual(['start', 'close']);
  });

  it('wakes when the next job becomes claimable, long before the poll period', async () => {
    const { runner, calls } = runnerCounting([60, undefined]);
    const poller = new BackfillPoller(runner, 60_000, logger);
    poller.onApplicationBootstrap();
    await tick();
    expect(calls()).toBe(1);
    await sleep(120);
    expect(calls()).toBe(2);
    // Nothing open any more: the next look is a poll period away.
    await sleep(100);
    expect(calls()).toBe(2);
    await poller.onApplicationShutdown();
  });

  it('looks once more after a job when a nudge came while it ran', async () => {
    const fake = runnerCounting();
    fake.holdNextJob();
    const poller = new BackfillPoller(fake.runner, 60_000, logger);
    poller.onApplicationBootstrap();
    await tick();
    expect(fake.calls()).toBe(1);
    poller.nudge();
    await tick();
    expect(fake.calls()).toBe(1);
    fake.finishJob();
    await tick();
    // The drain's own look after the job, then the one the nudge asked for.
    expect(fake.calls()).toBe(3);
    await poller.onApplicationShutdown();
  });
});
