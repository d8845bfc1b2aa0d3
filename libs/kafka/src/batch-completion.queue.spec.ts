import { BatchCompletionQueue } from './batch-completion.queue';
import type { BatchCompletion, CompletionMerger } from './message-bus';

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

/**
 * A merger over named parts: each merged run is logged as its parts joined with '+', and the
 * test settles it by hand. `limit` bounds how many parts one run takes.
 */
function namedMerger(log: string[], limit = Number.POSITIVE_INFINITY) {
  const runs: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const merger: CompletionMerger<string> = {
    fits: (parts) => parts.length < limit,
    combine: (parts) => ({
      complete: () =>
        new Promise<void>((resolve, reject) => {
          log.push(parts.join('+'));
          runs.push({ resolve, reject });
        }),
    }),
  };
  const alone: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  /** A completion with its own run (logged by name) that merges through `merger`. */
  const part = (name: string): BatchCompletion => {
    const own = manual(log, name);
    return {
      complete: () => {
        const attempt = own.completion.complete();
        alone.push(own.attempts[own.attempts.length - 1]!);
        return attempt;
      },
      mergeable: { merger, part: name },
    };
  };
  return { part, runs, alone };
}

/** Parts of one merger with `gatherMs` that complete at once, logging what each run took. */
function gatheringParts(log: string[], gatherMs: number) {
  const merger: CompletionMerger<string> = {
    fits: () => true,
    combine: (parts) => ({ complete: async () => void log.push(parts.join('+')) }),
    gatherMs,
  };
  return (name: string): BatchCompletion => ({
    complete: async () => void log.push(name),
    mergeable: { merger, part: name },
  });
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

  it('runs the mergeable completions waiting behind a running one as one, in order, and settles each', async () => {
    const log: string[] = [];
    const { completions } = queue({ maxOutstanding: 8 });
    const { part, runs } = namedMerger(log);
    const first = manual(log, 'first');
    const done: Array<[string, boolean]> = [];
    const add = (offset: string, name: string, completion: BatchCompletion) =>
      void completions.add('a', 0, offset, completion).then((ok) => done.push([name, ok]));
    add('10', 'first', first.completion);
    add('20', 'second', part('second'));
    add('30', 'third', part('third'));
    add('40', 'fourth', part('fourth'));
    await flush();
    expect(log).toEqual(['first']);
    first.attempts[0]?.resolve();
    await flush();
    expect(log).toEqual(['first', 'second+third+fourth']);
    expect(completions.capped(resolved('50')).topics[0]?.partitions[0]?.offset).toBe('20');
    runs[0]?.resolve();
    await completions.settled();
    await flush();
    expect(done).toEqual([
      ['first', true],
      ['second', true],
      ['third', true],
      ['fourth', true],
    ]);
    expect(completions.capped(resolved('50'))).toEqual(resolved('50'));
  });

  it('runs one mergeable completion alone as itself, and merges no further than the merger fits nor past another kind', async () => {
    const log: string[] = [];
    const { completions } = queue({ maxOutstanding: 8 });
    const { part, runs, alone } = namedMerger(log, 2);
    const blocker = manual(log, 'blocker');
    const other = manual(log, 'other');
    void completions.add('a', 0, '1', part('single'));
    await flush();
    expect(log).toEqual(['single']);
    alone[0]?.resolve();
    await flush();
    void completions.add('a', 0, '2', blocker.completion);
    void completions.add('a', 0, '3', part('p'));
    void completions.add('a', 0, '4', part('q'));
    void completions.add('a', 0, '5', part('r'));
    void completions.add('a', 0, '6', other.completion);
    const last = completions.add('a', 0, '7', part('s'));
    await flush();
    blocker.attempts[0]?.resolve();
    await flush();
    runs[0]?.resolve();
    await flush();
    alone[1]?.resolve();
    await flush();
    other.attempts[0]?.resolve();
    await flush();
    alone[2]?.resolve();
    await expect(last).resolves.toBe(true);
    expect(log).toEqual(['single', 'blocker', 'p+q', 'r', 'other', 's']);
    expect(runs).toHaveLength(1);
  });

  it('retries a failing merged run as a whole, holding back the later ones, and fails every part when given up', async () => {
    const log: string[] = [];
    const abort = new AbortController();
    const { completions, retries } = queue({ maxOutstanding: 8, abort });
    const { part, runs } = namedMerger(log);
    const first = manual(log, 'first');
    const last = manual(log, 'last');
    const done: Array<[string, boolean]> = [];
    void completions.add('a', 0, '10', first.completion);
    void completions.add('a', 0, '20', part('x')).then((ok) => done.push(['x', ok]));
    void completions.add('a', 0, '30', part('y')).then((ok) => done.push(['y', ok]));
    void completions.add('a', 0, '40', last.completion).then((ok) => done.push(['last', ok]));
    await flush();
    first.attempts[0]?.resolve();
    await flush();
    expect(log).toEqual(['first', 'x+y']);
    runs[0]?.reject(new Error('postgres down'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['first', 'x+y', 'x+y']);
    expect(retries).toEqual([1]);
    abort.abort();
    runs[1]?.reject(new Error('postgres down'));
    await completions.settled();
    await flush();
    expect(done).toEqual([
      ['x', false],
      ['y', false],
      ['last', false],
    ]);
    expect(completions.capped(resolved('50')).topics[0]?.partitions[0]?.offset).toBe('20');
  });

  it("lets the completions arriving within gatherMs of its merger's previous run join the next run", async () => {
    const log: string[] = [];
    const { completions } = queue({ maxOutstanding: 8 });
    const part = gatheringParts(log, 40);
    await completions.add('a', 0, '1', part('first'));
    const second = completions.add('a', 0, '2', part('second'));
    await flush();
    const third = completions.add('a', 0, '3', part('third'));
    await flush();
    expect(log).toEqual(['first']);
    expect(completions.capped(resolved('9')).topics[0]?.partitions[0]?.offset).toBe('2');
    await expect(Promise.all([second, third])).resolves.toEqual([true, true]);
    expect(log).toEqual(['first', 'second+third']);
  });

  it('stops gathering once half the room for completions is taken', async () => {
    const log: string[] = [];
    const { completions } = queue({ maxOutstanding: 4 });
    const part = gatheringParts(log, 60_000);
    await completions.add('a', 0, '1', part('first'));
    const second = completions.add('a', 0, '2', part('second'));
    await flush();
    expect(log).toEqual(['first']);
    const third = completions.add('a', 0, '3', part('third'));
    await expect(Promise.all([second, third])).resolves.toEqual([true, true]);
    expect(log).toEqual(['first', 'second+third']);
  });

  it('stops gathering when somebody waits for every completion, or the consumer stops', async () => {
    for (const end of ['abort', 'settled while gathering', 'settled before gathering'] as const) {
      const log: string[] = [];
      const { completions, abort } = queue({ maxOutstanding: 8 });
      const part = gatheringParts(log, 60_000);
      await completions.add('a', 0, '1', part('first'));
      const second = completions.add('a', 0, '2', part('second'));
      // Before its turn: the drain that gathers for it starts after this one.
      const early = end === 'settled before gathering' ? completions.settled() : undefined;
      await flush();
      if (early === undefined) expect(log).toEqual(['first']);
      if (end === 'abort') abort.abort();
      await (early ?? completions.settled());
      await expect(second).resolves.toBe(true);
      expect(log).toEqual(['first', 'second']);
    }
  });

  it('counts a merger that throws as a failed attempt, not a broken queue', async () => {
    const log: string[] = [];
    const { completions, retries } = queue({ maxOutstanding: 8 });
    let throws = true;
    const merger: CompletionMerger<string> = {
      fits: () => true,
      combine: (parts) => {
        if (throws) throw new Error('cannot combine');
        return { complete: async () => void log.push(parts.join('+')) };
      },
    };
    const first = manual(log, 'first');
    const part = (name: string): BatchCompletion => ({
      complete: async () => void log.push(name),
      mergeable: { merger, part: name },
    });
    void completions.add('a', 0, '10', first.completion);
    const x = completions.add('a', 0, '20', part('x'));
    const y = completions.add('a', 0, '30', part('y'));
    await flush();
    first.attempts[0]?.resolve();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(retries.length).toBeGreaterThan(0);
    throws = false;
    await expect(Promise.all([x, y])).resolves.toEqual([true, true]);
    expect(log).toEqual(['first', 'x+y']);
  });
});
