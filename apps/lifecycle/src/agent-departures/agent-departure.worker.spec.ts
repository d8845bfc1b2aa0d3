import type { Logger } from '@cip/telemetry';
import { AgentDepartureWorker } from './agent-departure.worker';

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const logger = (warn = jest.fn()) => ({ warn }) as unknown as Logger;

describe('AgentDepartureWorker', () => {
  it('stop() waits for the page in flight and runs no further one', async () => {
    const inFlight = deferred<boolean>();
    const tick = jest.fn(() => inFlight.promise);
    const worker = new AgentDepartureWorker({ tick }, logger(), 60_000);
    worker.start();
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    inFlight.resolve(false);
    await stopping;
    expect(tick).toHaveBeenCalledTimes(1);
  });

  it('wake() ends the idle wait at once, however long the poll', async () => {
    const second = deferred<boolean>();
    const tick = jest
      .fn<Promise<boolean>, []>()
      .mockResolvedValueOnce(false)
      .mockImplementation(() => {
        second.resolve(false);
        return Promise.resolve(false);
      });
    const worker = new AgentDepartureWorker({ tick }, logger(), 3_600_000);
    worker.start();
    // Let the first (idle) tick finish so the worker is asleep for an hour.
    await new Promise((resolve) => setImmediate(resolve));
    worker.wake();
    await second.promise;
    await worker.stop();
    expect(tick.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('a failed page is logged and the loop carries on; a page done is followed at once', async () => {
    const warn = jest.fn();
    const results: Array<() => Promise<boolean>> = [
      () => Promise.reject(new Error('db down')),
      () => Promise.resolve(true),
    ];
    const done = deferred<boolean>();
    const tick = jest.fn(async () => {
      const next = results.shift();
      if (next) return next();
      done.resolve(false);
      return false;
    });
    const worker = new AgentDepartureWorker({ tick }, logger(warn), 1);
    worker.start();
    await done.promise;
    await worker.stop();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(tick.mock.calls.length).toBeGreaterThanOrEqual(3);
  });
});
