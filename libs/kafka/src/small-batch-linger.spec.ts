import type { HandlerContext, IncomingMessage } from './message-bus';
import { lingerOnSmallBatches } from './small-batch-linger';

const messages = (count: number): IncomingMessage[] =>
  Array.from({ length: count }, (_, i) => ({ offset: String(i) }) as unknown as IncomingMessage);

describe('lingerOnSmallBatches', () => {
  let calls: number[];
  let returned: boolean;
  const handler = async (batch: IncomingMessage[]): Promise<void> => {
    calls.push(batch.length);
  };
  const linger = lingerOnSmallBatches(handler, { belowMessages: 16, waitMs: 5 });
  const context = (attempt = 1, signal = new AbortController().signal): HandlerContext => ({
    attempt,
    signal,
  });
  const run = (batch: IncomingMessage[], ctx: HandlerContext): Promise<unknown> =>
    linger(batch, ctx).then(() => (returned = true));

  beforeEach(() => {
    jest.useFakeTimers();
    calls = [];
    returned = false;
  });
  afterEach(() => jest.useRealTimers());

  it('handles a small call at once and returns after the wait', async () => {
    const done = run(messages(3), context());
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([3]);
    await jest.advanceTimersByTimeAsync(4);
    expect(returned).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await done;
    expect(returned).toBe(true);
  });

  it('returns at once from a call of the threshold or more', async () => {
    await run(messages(16), context());
    expect(calls).toEqual([16]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not wait after a retry', async () => {
    await run(messages(1), context(2));
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not wait after a failed call', async () => {
    const failing = lingerOnSmallBatches(
      async () => {
        throw new Error('Redis down');
      },
      { belowMessages: 16, waitMs: 5 },
    );
    await expect(failing(messages(1), context())).rejects.toThrow('Redis down');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends the wait when the consumer stops', async () => {
    const stopping = new AbortController();
    const done = run(messages(1), context(1, stopping.signal));
    await jest.advanceTimersByTimeAsync(0);
    stopping.abort();
    await done;
    expect(returned).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});
