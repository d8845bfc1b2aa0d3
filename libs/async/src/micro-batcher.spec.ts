import { MicroBatcher, type MicroBatcherOptions } from './micro-batcher';

/** A flush that doubles numbers and can be held open until released. */
function recorder(overrides: Partial<MicroBatcherOptions<number, number>> = {}) {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  let failWith: Error | undefined;
  let hold = false;
  const batcher = new MicroBatcher<number, number>({
    maxBatchSize: 100,
    maxConcurrentFlushes: 1,
    maxQueued: 1_000,
    overloaded: () => new Error('overloaded'),
    flush: async (items) => {
      batches.push(items);
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      if (failWith) throw failWith;
      return items.map((i) => i * 2);
    },
    ...overrides,
  });
  return {
    batcher,
    batches,
    hold: () => (hold = true),
    releaseAll: () => {
      hold = false;
      gates.splice(0).forEach((open) => open());
    },
    fail: (error: Error) => (failWith = error),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('MicroBatcher', () => {
  it('flushes items submitted in one turn together and gives each caller its own result', async () => {
    const { batcher, batches } = recorder();
    await expect(Promise.all([1, 2, 3].map((i) => batcher.submit(i)))).resolves.toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('gathers what arrives during a flush into the next one, within the size limit', async () => {
    const { batcher, batches, hold, releaseAll } = recorder({ maxBatchSize: 3 });
    hold();
    const first = batcher.submit(0);
    await tick();
    const later = [1, 2, 3, 4, 5].map((i) => batcher.submit(i));
    await tick();
    expect(batches).toEqual([[0]]);
    releaseAll();
    await expect(Promise.all([first, ...later])).resolves.toEqual([0, 2, 4, 6, 8, 10]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it('runs up to maxConcurrentFlushes batches at once', async () => {
    const { batcher, batches, hold, releaseAll } = recorder({
      maxBatchSize: 2,
      maxConcurrentFlushes: 2,
    });
    hold();
    const all = [1, 2, 3, 4, 5].map((i) => batcher.submit(i));
    await tick();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    releaseAll();
    await Promise.all(all);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails every item of a failed batch, and the waiting ones when asked to', async () => {
    const { batcher, hold, releaseAll, fail } = recorder({ failQueuedOnError: true });
    hold();
    const inFlight = batcher.submit(1);
    await tick();
    const waiting = batcher.submit(2);
    fail(new Error('down'));
    releaseAll();
    await expect(inFlight).rejects.toThrow('down');
    await expect(waiting).rejects.toThrow('down');
    expect(batcher.queued).toBe(0);
  });

  it('retries the items of a failed batch alone when asked, so only the bad one fails', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>({
      maxBatchSize: 10,
      maxConcurrentFlushes: 1,
      maxQueued: 10,
      retryItemsAlone: true,
      overloaded: () => new Error('overloaded'),
      flush: async (items) => {
        batches.push(items);
        if (items.includes(13)) throw new Error('unlucky');
        return items;
      },
    });
    const results = await Promise.allSettled([12, 13, 14].map((i) => batcher.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual([[12, 13, 14], [12], [13], [14]]);
  });

  it('lingers before a batch that starts from idle, but never past a full batch', async () => {
    jest.useFakeTimers();
    try {
      const { batcher, batches } = recorder({ lingerMs: 5, maxBatchSize: 3 });
      const first = batcher.submit(1);
      await jest.advanceTimersByTimeAsync(4);
      expect(batches).toEqual([]);
      const second = batcher.submit(2);
      await jest.advanceTimersByTimeAsync(1);
      await expect(Promise.all([first, second])).resolves.toEqual([2, 4]);
      expect(batches).toEqual([[1, 2]]);

      const full = [4, 5, 6].map((i) => batcher.submit(i));
      await jest.advanceTimersByTimeAsync(0);
      await expect(Promise.all(full)).resolves.toEqual([8, 10, 12]);
      expect(batches).toEqual([
        [1, 2],
        [4, 5, 6],
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses new items at once when the queue is full, whole groups included', async () => {
    const { batcher, hold, releaseAll } = recorder({ maxQueued: 2 });
    hold();
    const inFlight = batcher.submit(0);
    await tick();
    const queued = [batcher.submit(1), batcher.submit(2)];
    await expect(batcher.submit(3)).rejects.toThrow('overloaded');
    releaseAll();
    await Promise.all([inFlight, ...queued]);
    const group = batcher.submitAll([4, 5, 6]);
    await expect(Promise.allSettled(group)).resolves.toEqual(
      group.map(() => expect.objectContaining({ status: 'rejected' })),
    );
    await expect(Promise.all(batcher.submitAll([7, 8]))).resolves.toEqual([14, 16]);
  });

  it('fails a batch whose flush returns the wrong number of results', async () => {
    const batcher = new MicroBatcher<number, number>({
      maxBatchSize: 10,
      maxConcurrentFlushes: 1,
      maxQueued: 10,
      overloaded: () => new Error('overloaded'),
      flush: async () => [1],
    });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow(
      'flush returned 1 results for 2 items',
    );
  });
});
