import type { ChainableCommander } from 'ioredis';
import { execPipeline } from './exec-pipeline';

type Reply = [error: Error | null, result: unknown];

/** The part of an ioredis Pipeline execPipeline touches: exec, length and what it releases. */
function fakePipeline(outcome: { replies: Reply[] } | { error: Error }, replyPending = 0) {
  const commands = [{ name: 'get', args: ['k'] }];
  const settled =
    'error' in outcome ? Promise.reject(outcome.error) : Promise.resolve(outcome.replies);
  settled.catch(() => undefined);
  const pipeline = {
    _queue: commands as unknown[],
    _result: ('error' in outcome ? [] : [...outcome.replies]) as unknown[],
    promise: settled as Promise<Reply[]> | undefined,
    resolve: (() => undefined) as (() => void) | undefined,
    reject: (() => undefined) as (() => void) | undefined,
    replyPending,
    get length() {
      return this._queue.length;
    },
    exec: () => settled,
  };
  return { pipeline, asCommander: pipeline as unknown as ChainableCommander, commands };
}

describe('execPipeline', () => {
  it('returns the replies and lets go of the commands, results and promise', async () => {
    const replies: Reply[] = [[null, 'x'.repeat(1_000)]];
    const { pipeline, asCommander, commands } = fakePipeline({ replies });

    await expect(execPipeline(asCommander, 'read')).resolves.toBe(replies);

    expect(pipeline._queue).toEqual([]);
    expect(pipeline._result).toEqual([]);
    expect(pipeline.promise).toBeUndefined();
    expect(pipeline.resolve).toBeUndefined();
    expect(pipeline.reject).toBeUndefined();
    expect(commands).toHaveLength(1); // the caller's own references are untouched
    expect(replies).toHaveLength(1);
  });

  it('lets go of them when the pipeline fails too', async () => {
    const { pipeline, asCommander } = fakePipeline({ error: new Error('connection lost') });

    await expect(execPipeline(asCommander, 'write')).rejects.toThrow('connection lost');

    expect(pipeline._queue).toEqual([]);
    expect(pipeline.promise).toBeUndefined();
  });

  it('leaves a pipeline that still waits for replies as it is', async () => {
    const { pipeline, asCommander, commands } = fakePipeline({ error: new Error('gone') }, 1);

    await expect(execPipeline(asCommander, 'write')).rejects.toThrow('gone');

    expect(pipeline._queue).toBe(commands);
    expect(pipeline.resolve).toBeDefined();
  });
});
