import type { FireDueTimersUseCase } from '@cip/lifecycle-domain';
import type { Logger } from '@cip/telemetry';
import { AbsenceTimerPoller } from './absence-timer.poller';

function deferred() {
  let resolve: (claimed: number) => void = () => undefined;
  const promise = new Promise<number>((r) => (resolve = r));
  return { promise, resolve };
}

describe('AbsenceTimerPoller', () => {
  it('stop() waits for the batch in flight and runs no further one', async () => {
    const inFlight = deferred();
    const tick = jest.fn(() => inFlight.promise);
    const poller = new AbsenceTimerPoller(
      { tick, batchSize: 10 } as unknown as FireDueTimersUseCase,
      { warn: jest.fn() } as unknown as Logger,
      60_000,
    );
    poller.start();
    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    inFlight.resolve(0);
    await stopping;
    expect(tick).toHaveBeenCalledTimes(1);
  });

  it('a failed batch is logged and the loop carries on; a full batch is followed at once', async () => {
    const warn = jest.fn();
    const results: Array<() => Promise<number>> = [
      () => Promise.reject(new Error('db down')),
      () => Promise.resolve(10),
    ];
    let poller: AbsenceTimerPoller | undefined;
    const done = deferred();
    const tick = jest.fn(async () => {
      const next = results.shift();
      if (next) return next();
      done.resolve(0);
      return 0;
    });
    poller = new AbsenceTimerPoller(
      { tick, batchSize: 10 } as unknown as FireDueTimersUseCase,
      { warn } as unknown as Logger,
      1,
    );
    poller.start();
    await done.promise;
    await poller.stop();
    poller = undefined;
    expect(warn).toHaveBeenCalledTimes(1);
    expect(tick.mock.calls.length).toBeGreaterThanOrEqual(3);
  });
});
