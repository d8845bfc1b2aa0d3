import { BatchCoalescer } from './batch-coalescer';
import type { BatchCompletion, HandlerContext, IncomingMessage } from './message-bus';

const message = (partition: number, offset: number, value = 'ok'): IncomingMessage => ({
  topic: 't',
  partition,
  offset: String(offset),
  key: null,
  value: Buffer.from(value),
  headers: {},
  timestamp: 0,
});
const context: HandlerContext = { attempt: 1, signal: new AbortController().signal };
const label = (m: IncomingMessage) => `${m.partition}:${m.offset}`;

describe('BatchCoalescer', () => {
  let calls: string[][];
  const handler = async (messages: IncomingMessage[]): Promise<void> => {
    calls.push(messages.map(label));
    if (messages.some((m) => m.value?.toString() === 'bad')) throw new Error('poison');
  };
  beforeEach(() => {
    calls = [];
  });

  it('hands the batches of one turn to the handler as one call, each partition in order', async () => {
    const coalescer = new BatchCoalescer(handler);
    await Promise.all([
      coalescer.handle([message(0, 1), message(0, 2)], context),
      coalescer.handle([message(1, 7)], context),
      coalescer.handle([message(2, 3), message(2, 4)], context),
    ]);
    expect(calls).toEqual([['0:1', '0:2', '1:7', '2:3', '2:4']]);
  });

  it('gives every part of a merged call its completion, which runs once and again after a failure', async () => {
    let runs = 0;
    let failNext = true;
    const completion: BatchCompletion = {
      complete: async () => {
        runs += 1;
        if (failNext) {
          failNext = false;
          throw new Error('journal failed');
        }
      },
    };
    const coalescer = new BatchCoalescer(async () => completion);
    const parts = await Promise.all([
      coalescer.handle([message(0, 1)], context),
      coalescer.handle([message(1, 1)], context),
    ]);
    const [first, second] = parts as BatchCompletion[];
    expect(first).toBe(second);
    await expect(first?.complete()).rejects.toThrow('journal failed');
    await Promise.all([first?.complete(), second?.complete()]);
    await second?.complete();
    expect(runs).toBe(2);
  });

  it("keeps a merged call's completion mergeable as the handler returned it", async () => {
    const mergeable = {
      merger: { fits: () => true, combine: () => ({ complete: async () => undefined }) },
      part: 'journal entry',
    };
    const coalescer = new BatchCoalescer(async () => ({
      complete: async () => undefined,
      mergeable,
    }));
    const [first] = (await Promise.all([
      coalescer.handle([message(0, 1)], context),
      coalescer.handle([message(1, 1)], context),
    ])) as BatchCompletion[];
    expect(first?.mergeable).toBe(mergeable);
  });

  it('keeps batches of different turns apart', async () => {
    const coalescer = new BatchCoalescer(handler);
    await coalescer.handle([message(0, 1)], context);
    await coalescer.handle([message(1, 1)], context);
    expect(calls).toEqual([['0:1'], ['1:1']]);
  });

  it('after a failed merged call runs each batch alone, so only the bad one fails', async () => {
    const coalescer = new BatchCoalescer(handler);
    const outcomes = await Promise.allSettled([
      coalescer.handle([message(0, 1)], context),
      coalescer.handle([message(1, 1, 'bad')], context),
      coalescer.handle([message(2, 1)], context),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([['0:1', '1:1', '2:1'], ['0:1'], ['1:1'], ['2:1']]);
  });

  it('splits what arrives together into calls of at most maxMessages', async () => {
    const coalescer = new BatchCoalescer(handler, 3);
    await Promise.all([
      coalescer.handle([message(0, 1), message(0, 2)], context),
      coalescer.handle([message(1, 1)], context),
      coalescer.handle([message(2, 1), message(2, 2)], context),
      coalescer.handle([message(3, 1), message(3, 2), message(3, 3), message(3, 4)], context),
    ]);
    expect(calls).toEqual([
      ['0:1', '0:2', '1:1'],
      ['2:1', '2:2'],
      ['3:1', '3:2', '3:3', '3:4'],
    ]);
  });
});
