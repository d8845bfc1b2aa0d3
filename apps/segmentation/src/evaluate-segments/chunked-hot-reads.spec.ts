import type { HotSegmentRecord } from './segment-state.ports';
import { ChunkedHotReads } from './chunked-hot-reads';

/** A reader whose reads resolve when the test says, recording what was asked. */
function reader() {
  const asked: string[][] = [];
  const answers: Array<(records: Map<string, HotSegmentRecord>) => void> = [];
  const fails: Array<(error: Error) => void> = [];
  return {
    asked,
    answer: (i: number) => answers[i]!(new Map()),
    fail: (i: number, error: Error) => fails[i]!(error),
    readHot: (ids: readonly string[]) =>
      new Promise<Map<string, HotSegmentRecord>>((resolve, reject) => {
        asked.push([...ids]);
        answers.push(resolve);
        fails.push(reject);
      }),
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ChunkedHotReads', () => {
  it('reads in chunks and runs each as its read lands, results in chunk order', async () => {
    const runner = reader();
    const reads = new ChunkedHotReads(runner, 2);
    reads.add(['a', 'b', 'c']);
    reads.add(['d']);
    expect(runner.asked).toEqual([['a', 'b'], ['c'], ['d']]);
    const ran: string[] = [];
    const done = reads.runEach((ids) => {
      ran.push(ids.join(''));
      return Promise.resolve(ids.map((id) => id.toUpperCase()));
    });
    runner.answer(2);
    await turn();
    expect(ran).toEqual(['d']);
    runner.answer(0);
    runner.answer(1);
    expect(await done).toEqual(['A', 'B', 'C', 'D']);
  });

  it('rejects with the failure only once every other chunk has settled', async () => {
    const runner = reader();
    const reads = new ChunkedHotReads(runner, 1);
    reads.add(['a', 'b']);
    let outcome = 'pending';
    const done = reads
      .runEach((ids) => Promise.resolve([...ids]))
      .then(
        () => (outcome = 'resolved'),
        (error: Error) => (outcome = error.message),
      );
    runner.fail(0, new Error('redis down'));
    await turn();
    expect(outcome).toBe('pending');
    runner.answer(1);
    await done;
    expect(outcome).toBe('redis down');
  });
});
