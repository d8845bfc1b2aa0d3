import type { ChainableCommander } from 'ioredis';
import { execPipeline } from './exec-pipeline';

type Reply = [error: Error | null, result: unknown];

/** The part of an ioredis Pipeline execPipeline touches: its queue, its length and exec. */
function fakePipeline(outcome: { replies: Reply[] } | { error: Error }) {
  const commands = [{ name: 'set', args: ['k', 'x'.repeat(1_000)] }];
  const pipeline = {
    _queue: commands,
    get length() {
      return this._queue.length;
    },
    exec: async () => {
      if ('error' in outcome) throw outcome.error;
      return outcome.replies;
    },
  };
  return { pipeline, asCommander: pipeline as unknown as ChainableCommander, commands };
}

describe('execPipeline', () => {
  it('returns the replies and lets go of the queued commands', async () => {
    const replies: Reply[] = [[null, 'OK']];
    const { pipeline, asCommander, commands } = fakePipeline({ replies });

    await expect(execPipeline(asCommander, 'write')).resolves.toBe(replies);

    expect(pipeline._queue).toEqual([]);
    expect(commands).toHaveLength(1); // the caller's own references are untouched
  });

  it('lets go of the queued commands when the pipeline fails too', async () => {
    const { pipeline, asCommander } = fakePipeline({ error: new Error('connection lost') });

    await expect(execPipeline(asCommander, 'write')).rejects.toThrow('connection lost');

    expect(pipeline._queue).toEqual([]);
  });
});
