import { RefreshingCatalog } from './refreshing-catalog';

function catalog(rows: () => Promise<string[]>, nowMs: { value: number }) {
  const invalid: unknown[] = [];
  const failed: unknown[] = [];
  let reads = 0;
  const subject = new RefreshingCatalog<string, number>({
    load: () => {
      reads += 1;
      return rows();
    },
    parse: (row) => {
      const value = Number(row);
      if (Number.isNaN(value)) throw new Error(`not a number: ${row}`);
      return value;
    },
    nowMs: () => nowMs.value,
    refreshMs: 1_000,
    onInvalid: (error) => invalid.push(error),
    onRefreshFailed: (error) => failed.push(error),
  });
  return { subject, invalid, failed, reads: () => reads };
}

describe('RefreshingCatalog', () => {
  it('reads once per refresh period, shares one read between concurrent callers', async () => {
    const clock = { value: 0 };
    const { subject, reads } = catalog(async () => ['1', '2'], clock);
    const [a, b] = await Promise.all([subject.get(), subject.get()]);
    expect([a, b, reads()]).toEqual([[1, 2], [1, 2], 1]);
    clock.value = 999;
    await subject.get();
    expect(reads()).toBe(1);
    clock.value = 1_000;
    await subject.get();
    expect(reads()).toBe(2);
    subject.invalidate();
    await subject.get();
    expect(reads()).toBe(3);
  });

  it('skips and reports an entry that does not parse', async () => {
    const { subject, invalid } = catalog(async () => ['1', 'x', '3'], { value: 0 });
    expect(await subject.get()).toEqual([1, 3]);
    expect(invalid).toEqual([new Error('not a number: x')]);
  });

  it('keeps the last good set when a refresh fails, and throws when there is none', async () => {
    const clock = { value: 0 };
    let fail = true;
    const { subject, failed } = catalog(
      async () => (fail ? Promise.reject(new Error('db down')) : ['5']),
      clock,
    );
    await expect(subject.get()).rejects.toThrow('db down');
    fail = false;
    expect(await subject.get()).toEqual([5]);
    fail = true;
    clock.value = 5_000;
    expect(await subject.get()).toEqual([5]);
    expect(failed).toEqual([new Error('db down')]);
  });
});
