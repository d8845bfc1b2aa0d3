import { BatchCompletionQueue } from './batch-completion.queue';
import type { BatchCompletion } from './message-bus';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A completion the test settles by hand, recording every attempt. */
function manual(log: string[], name: string) {
  const attempts: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const completion: BatchCompletion = {
    complete: () =>
      new Promise<void>((resolve, reject) => {
        log.push(name);
        attempts.push({ resolve, reject });
      }),
  };
  return { completion, attempts };
}

function queue(overrides: { maxOutstanding?: number; abort?: AbortController } = {}) {
  const retries: number[] = [];
  const abort = overrides.abort ?? new AbortController();
  const completions = new BatchCompletionQueue({
    retryBackoffMs: 1,
    maxBackoffMs: 1,
    maxOutstanding: overrides.maxOutstanding ?? 2,
    signal: abort.signal,
    onRetry: ({ attempt }) => void retries.push(attempt),
  });
  return { completions, retries, abort };
}

const resolved = (offset: string) => ({
  topics: [
    { topic: 'a', partitions: [{ partition: 0, offset }] },
    { topic: 'b', partitions: [{ partition: 0, offset }] },
  ],
});

describe('BatchCompletionQueue', () => {
  it('runs completions one at a time, in the order they were added', async () => {
    const log: string[] = [];
    const { completions } = queue();
    const first = manual(log, 'first');
    const second = manual(log, 'second');
    const done: boolean[] = [];
    void completions.add('a', 0, '10', first.completion).then((ok) => done.push(ok));
    void completions.add('a', 0, '20', second.completion).then((ok) => done.push(ok));
    await flush();
    expect(log).toEqual(['first']);
    first.attempts[0]?.resolve();
    await flush();
    expect(log).toEqual(['first', 'second']);
    second.attempts[0]?.resolve();
    await completions.settled();
    expect(done).toEqual([true, true]);
  });

  it('caps each partition below its earliest batch not yet completed, and lifts the cap after', async () => {
    const log: string[] = [];
    const { completions } = queue();
    const first = manual(log, 'first');
    const second = manual(log, 'second');
    void completions.add('a', 0, '10', first.completion);
    void completions.add('a', 0, '20', second.completion);
    await flush();
    expect(completions.capped(resolved('30'))).toEqual({
      topics: [
        { topic: 'a', partitions: [{ partition: 0, offset: '10' }] },
        { topic: 'b', partitions: [{ partition: 0, offset: '30' }] },
      ],
    });
    first.attempts[0]?.resolve();
    await flush();
    expect(completions.capped(resolved('30')).topics[0]?.partitions[0]?.offset).toBe('20');
    second.attempts[0]?.resolve();
    await completions.settled();
    await flush();
    expect(completions.capped(resolved('30'))).toEqual(resolved('30'));
  });

  it('retries a failing completion in place, holding back the later ones until it succeeds', async () => {
    const log: string[] = [];
    const { completions, retries } = queue();
    const first = manual(log, 'first');
    const second = manual(log, 'second');
    void completions.add('a', 0, '10', first.completion);
    void completions.add('a', 0, '20', second.completion);
    await flush();
    first.attempts[0]?.reject(new Error('postgres down'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['first', 'first']);
    expect(retries).toEqual([1]);
    expect(completions.capped(resolved('30')).topics[0]?.partitions[0]?.offset).toBe('10');
    first.attempts[1]?.resolve();
    await flush();
    expect(log).toEqual(['first', 'first', 'second']);
  });

  it('gives up a failing completion when the consumer stops, skips every later one and keeps their offsets capped', async () => {
    const log: string[] = [];
    const abort = new AbortController();
    const { completions } = queue({ abort });
    const first = manual(log, 'first');
    const second = manual(log, 'second');
    const done: boolean[] = [];
    void completions.add('a', 0, '10', first.completion).then((ok) => done.push(ok));
    void completions.add('a', 0, '20', second.completion).then((ok) => done.push(ok));
    await flush();
    abort.abort();
    first.attempts[0]?.reject(new Error('postgres down'));
    await completions.settled();
    await flush();
    expect(done).toEqual([false, false]);
    expect(log).toEqual(['first']);
    expect(completions.capped(resolved('30')).topics[0]?.partitions[0]?.offset).toBe('10');
  });

  it('queues a completion the parts of one coalesced call share once, and caps every part', async () => {
    const log: string[] = [];
    const { completions } = queue({ maxOutstanding: 2 });
    const shared = manual(log, 'shared');
    const done: boolean[] = [];
    void completions.add('a', 0, '10', shared.completion).then((ok) => done.push(ok));
    void completions.add('b', 0, '7', shared.completion).then((ok) => done.push(ok));
    await flush();
    expect(log).toEqual(['shared']);
    await expect(completions.waitForRoom(5)).resolves.toBe(true);
    expect(completions.capped(resolved('30'))).toEqual({
      topics: [
        { topic: 'a', partitions: [{ partition: 0, offset: '10' }] },
        { topic: 'b', partitions: [{ partition: 0, offset: '7' }] },
      ],
    });
    shared.attempts[0]?.resolve();
    await completions.settled();
    await flush();
    expect(done).toEqual([true, true]);
    expect(completions.capped(resolved('30'))).toEqual(resolved('30'));
  });

  it('holds the next batch back while maxOutstanding completions are queued or running', async () => {
    const log: string[] = [];
    const { completions } = queue({ maxOutstanding: 1 });
    const first = manual(log, 'first');
    await expect(completions.waitForRoom(5)).resolves.toBe(true);
    void completions.add('a', 0, '10', first.completion);
    await expect(completions.waitForRoom(5)).resolves.toBe(false);
    const room = completions.waitForRoom(1_000);
    await flush();
    first.attempts[0]?.resolve();
    await expect(room).resolves.toBe(true);
  });
});
