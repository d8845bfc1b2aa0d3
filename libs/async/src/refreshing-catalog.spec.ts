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
    clock.value = 749;
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

  it('reads ahead in the background from three quarters of the period, serving the set it has', async () => {
    const clock = { value: 0 };
    const source = gatedSource(['1']);
    const { subject, reads } = catalog(source.rows, clock);
    await subject.get();
    clock.value = 749;
    expect(await subject.get()).toEqual([1]);
    expect(reads()).toBe(1);
    source.hold(['2']);
    clock.value = 750;
    expect(await subject.get()).toEqual([1]);
    expect(await subject.get()).toEqual([1]);
    expect(reads()).toBe(2);
    source.release();
    await nextTurn();
    clock.value = 1_400;
    expect(await subject.get()).toEqual([2]);
    expect(reads()).toBe(2);
  });

  it('makes a caller wait for the read once the set is a whole period old', async () => {
    const clock = { value: 0 };
    const source = gatedSource(['1']);
    const { subject, reads } = catalog(source.rows, clock);
    await subject.get();
    source.hold(['2']);
    clock.value = 1_000;
    let settled = false;
    const waiting = subject.get().finally(() => (settled = true));
    await nextTurn();
    expect(settled).toBe(false);
    source.release();
    expect(await waiting).toEqual([2]);
    expect(reads()).toBe(2);
  });

  it('keeps serving the set when a read ahead fails, and reports the failure', async () => {
    const clock = { value: 0 };
    let fail = false;
    const { subject, failed, reads } = catalog(
      async () => (fail ? Promise.reject(new Error('blip')) : ['7']),
      clock,
    );
    await subject.get();
    fail = true;
    clock.value = 800;
    expect(await subject.get()).toEqual([7]);
    await nextTurn();
    expect([reads(), failed]).toEqual([2, [new Error('blip')]]);
  });
});

/** Rows that, after `hold`, are returned only once `release` is called. */
function gatedSource(initial: string[]) {
  let rows = initial;
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  return {
    rows: async () => {
      await gate;
      return rows;
    },
    hold(next: string[]) {
      rows = next;
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
  };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
