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
