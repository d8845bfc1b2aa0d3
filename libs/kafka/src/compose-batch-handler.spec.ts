import { composeBatchHandler } from './compose-batch-handler';
import type { BatchHandler, HandlerContext, IncomingMessage } from './message-bus';

const message = (partition: number, offset: number): IncomingMessage =>
  ({ partition, offset: String(offset) }) as unknown as IncomingMessage;
const context: HandlerContext = { attempt: 1, signal: new AbortController().signal };

describe('composeBatchHandler', () => {
  let calls: IncomingMessage[][];
  const batchHandler: BatchHandler = async (messages) => {
    calls.push(messages);
  };
  const spec = { groupId: 'g', topics: ['t'], batchHandler };

  beforeEach(() => {
    jest.useFakeTimers();
    calls = [];
  });
  afterEach(() => jest.useRealTimers());

  it('is the spec handler itself when nothing is asked', () => {
    expect(composeBatchHandler(spec)).toBe(batchHandler);
    expect(composeBatchHandler({ groupId: 'g', topics: ['t'] })).toBeUndefined();
  });

  it('holds a small call back from returning', async () => {
    const handle = composeBatchHandler({
      ...spec,
      lingerOnSmallBatches: { belowMessages: 4, waitMs: 10 },
    })!;
    let returned = false;
    const done = handle([message(0, 1)], context).then(() => (returned = true));
    await jest.advanceTimersByTimeAsync(9);
    expect(calls).toHaveLength(1);
    expect(returned).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await done;
    expect(returned).toBe(true);
  });

  it('judges the coalesced call, not each partition part, when both are asked', async () => {
    const handle = composeBatchHandler({
      ...spec,
      coalescePartitionBatches: true,
      lingerOnSmallBatches: { belowMessages: 4, waitMs: 10 },
    })!;
    // Two parts of two messages each: small alone, but four together, so no wait.
    const parts = [
      handle([message(0, 1), message(0, 2)], context),
      handle([message(1, 1), message(1, 2)], context),
    ];
    await jest.advanceTimersByTimeAsync(0);
    await Promise.all(parts);
    expect(calls.map((call) => call.length)).toEqual([4]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
