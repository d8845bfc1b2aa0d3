import { createLogger } from '@cip/telemetry';
import { BackfillPoller } from './backfill.poller';
import type { BackfillRunner } from './backfill.runner';

const logger = createLogger({ serviceName: 'segmentation', level: 'silent' });

function runnerCounting(): { runner: BackfillRunner; calls: () => number } {
  let calls = 0;
  const runner = {
    runNext: () => {
      calls += 1;
      return Promise.resolve('idle' as const);
    },
    stop: () => undefined,
  } as unknown as BackfillRunner;
  return { runner, calls: () => calls };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

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

  it('runs nothing on an instance that leaves backfills to others', async () => {
    const { runner, calls } = runnerCounting();
    const poller = new BackfillPoller(runner, 10, logger, false);
    poller.onApplicationBootstrap();
    poller.nudge();
    await tick();
    expect(calls()).toBe(0);
    await poller.onApplicationShutdown();
  });
});
