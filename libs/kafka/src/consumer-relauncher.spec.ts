import { ConsumerRelauncher } from './consumer-relauncher';
import { RecordingLogger } from './test/recording-logger';

describe('ConsumerRelauncher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(outcomes: Array<'ok' | 'fail'>) {
    const abort = new AbortController();
    const logger = new RecordingLogger();
    let launches = 0;
    const relauncher = new ConsumerRelauncher({
      groupId: 'g',
      signal: abort.signal,
      logger,
      baseDelayMs: 100,
      maxDelayMs: 400,
      launch: async () => {
        const outcome = outcomes[launches] ?? 'ok';
        launches += 1;
        if (outcome === 'fail') throw new Error('no coordinator');
      },
    });
    return { abort, logger, relauncher, launches: () => launches };
  }

  it('relaunches after a crash kafkajs gave up on, backing off while launches keep failing', async () => {
    const { relauncher, launches, logger } = setup(['fail', 'fail', 'ok']);
    relauncher.crashed(new Error('Failed to find group coordinator'));
    await jest.advanceTimersByTimeAsync(99);
    expect(launches()).toBe(0);
    await jest.advanceTimersByTimeAsync(1); // 100 ms
    expect(launches()).toBe(1);
    await jest.advanceTimersByTimeAsync(200); // then 200 ms
    expect(launches()).toBe(2);
    await jest.advanceTimersByTimeAsync(399);
    expect(launches()).toBe(2);
    await jest.advanceTimersByTimeAsync(1); // then 400 ms (the cap)
    expect(launches()).toBe(3);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(launches()).toBe(3);
    expect(logger.messages('error')).toHaveLength(3);
  });

  it('starts the backoff afresh once the consumer joined its group again', async () => {
    const { relauncher, launches } = setup(['fail', 'ok', 'ok']);
    relauncher.crashed(new Error('x'));
    await jest.advanceTimersByTimeAsync(300);
    expect(launches()).toBe(2);
    relauncher.joined();
    relauncher.crashed(new Error('y'));
    await jest.advanceTimersByTimeAsync(100);
    expect(launches()).toBe(3);
  });

  it('never relaunches a consumer that is being stopped', async () => {
    const { relauncher, launches, abort } = setup([]);
    relauncher.crashed(new Error('x'));
    abort.abort();
    await jest.advanceTimersByTimeAsync(10_000);
    relauncher.crashed(new Error('y'));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(launches()).toBe(0);
  });
});
