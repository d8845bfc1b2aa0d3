import { BackgroundOffsetCommitter } from './background-offset-committer';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BackgroundOffsetCommitter', () => {
  let pending: Array<{ resolve: () => void; reject: (e: Error) => void }>;
  let commits: number;
  const commit = (): Promise<void> => {
    commits += 1;
    return new Promise((resolve, reject) => pending.push({ resolve, reject }));
  };
  beforeEach(() => {
    pending = [];
    commits = 0;
  });

  it('keeps one commit in flight and serves the requests made meanwhile with one more', async () => {
    const committer = new BackgroundOffsetCommitter(() => undefined);
    committer.request(commit);
    committer.request(commit);
    committer.request(commit);
    await flush();
    expect(commits).toBe(1);
    pending.shift()?.resolve();
    await flush();
    expect(commits).toBe(2);
    pending.shift()?.resolve();
    await flush();
    expect(commits).toBe(2);
  });

  it('flush waits for a commit that started after it was called', async () => {
    const committer = new BackgroundOffsetCommitter(() => undefined);
    committer.request(commit);
    let flushed = false;
    const done = committer.flush(commit).then(() => (flushed = true));
    pending.shift()?.resolve();
    await flush();
    expect(flushed).toBe(false);
    expect(commits).toBe(2);
    pending.shift()?.resolve();
    await done;
    expect(flushed).toBe(true);
  });

  it('reports a failed commit and keeps committing afterwards', async () => {
    const errors: unknown[] = [];
    const committer = new BackgroundOffsetCommitter((error) => errors.push(error));
    committer.request(commit);
    pending.shift()?.reject(new Error('REBALANCE_IN_PROGRESS'));
    await flush();
    expect(errors).toEqual([new Error('REBALANCE_IN_PROGRESS')]);
    const done = committer.flush(commit);
    pending.shift()?.resolve();
    await done;
    expect(commits).toBe(2);
  });
});

describe('BackgroundOffsetCommitter with a pacing interval', () => {
  let commits: number[];
  // Jest's fake clock: Date.now() moves with the timers it fires.
  const clock = (): number => Date.now() - 1_700_000_000_000;
  const commit = (): Promise<void> => {
    commits.push(clock());
    return Promise.resolve();
  };
  const paced = (minIntervalMs: number) =>
    new BackgroundOffsetCommitter(() => undefined, { minIntervalMs, now: clock });
  /** Moves the fake clock, settling the commits its timers start. */
  const advance = (ms: number): Promise<void> => jest.advanceTimersByTimeAsync(ms);

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_001_000 });
    commits = [];
  });
  afterEach(() => jest.useRealTimers());

  it('commits the first request at once and the next ones at most once per interval', async () => {
    const committer = paced(200);
    committer.request(commit);
    await advance(0);
    expect(commits).toEqual([1_000]);
    for (let step = 0; step < 10; step++) {
      await advance(30);
      committer.request(commit);
    }
    // Requests at +30 … +300: one commit when +200 is reached, then the rest wait for +400.
    await advance(0);
    expect(commits).toEqual([1_000, 1_200]);
    await advance(100);
    expect(commits).toEqual([1_000, 1_200, 1_400]);
    await advance(1_000);
    expect(commits).toEqual([1_000, 1_200, 1_400]);
  });

  it('a request after a quiet interval commits at once', async () => {
    const committer = paced(200);
    committer.request(commit);
    await advance(500);
    committer.request(commit);
    await advance(0);
    expect(commits).toEqual([1_000, 1_500]);
  });

  it('flush commits at once, ahead of a scheduled commit, and leaves nothing scheduled', async () => {
    const committer = paced(200);
    committer.request(commit);
    await advance(50);
    committer.request(commit);
    await committer.flush(commit);
    expect(commits).toEqual([1_000, 1_050]);
    await advance(1_000);
    expect(commits).toEqual([1_000, 1_050]);
  });

  it('flush during a running commit starts the next one without waiting for the interval', async () => {
    let release: () => void = () => undefined;
    const slow = (): Promise<void> => {
      commits.push(clock());
      return new Promise((resolve) => (release = resolve));
    };
    const committer = paced(10_000);
    committer.request(slow);
    const flushed = committer.flush(commit);
    release();
    await flushed;
    expect(commits).toEqual([1_000, 1_000]);
  });
});
