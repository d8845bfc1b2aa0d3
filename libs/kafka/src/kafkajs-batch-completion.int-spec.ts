import type { BatchCompletion, CompletionMerger, IncomingMessage } from './message-bus';
import { useKafkaTestBed } from './test/kafka-test-bed';
import { committedOffset, eventually, testBusConfig, uniquePrefix } from './test/kafka-test.env';
import { RecordingLogger } from './test/recording-logger';

/**
 * A batch handler may leave its durable part as a completion the bus runs after it returned: the
 * fetch moves on, but offsets are committed only once the completion succeeded, completions run
 * in order, and a failing one holds back every later one (single-partition topics, so the
 * committed offset says exactly what the bus considers done).
 */
describe('kafkajs consumer with batch completions (integration)', () => {
  const prefix = uniquePrefix('completion');
  const topic = (name: string): string => `${prefix}${name}`;
  const allTopics = [topic('retried'), topic('given-up'), topic('merged')];

  const logger = new RecordingLogger();
  const config = testBusConfig({ clientId: `${prefix}client` });
  const bed = useKafkaTestBed({
    config,
    logger,
    groupPrefix: prefix,
    topics: allTopics.map((name) => ({ name, partitions: 1 })),
    deleteAtClose: allTopics,
  });

  const offsetsOf = (messages: readonly IncomingMessage[]): string =>
    messages.map((m) => m.offset).join(',');

  it('retries a failing completion before any later one and commits its offsets only after it succeeded', async () => {
    const name = topic('retried');
    const groupId = `${prefix}group-retried`;
    const handled: string[] = [];
    const completed: string[] = [];
    let failuresLeft = 2;
    let open = false;
    const consumer = await bed.bus.consumers.start({
      groupId,
      topics: [name],
      fromBeginning: true,
      batchHandler: async (messages): Promise<BatchCompletion> => {
        const offsets = offsetsOf(messages);
        handled.push(offsets);
        return {
          complete: async () => {
            if (offsets.startsWith('0')) {
              if (failuresLeft > 0) {
                failuresLeft -= 1;
                throw new Error('journal unavailable');
              }
              if (!open) throw new Error('journal still unavailable');
            }
            completed.push(offsets);
          },
        };
      },
    });
    bed.started.push(consumer);

    await bed.bus.publisher.publish(name, [{ key: 'cust-1', value: { n: 0 } }]);
    await eventually(() => handled.length === 1, 'the first batch to be handled');
    await bed.bus.publisher.publish(name, [
      { key: 'cust-1', value: { n: 1 } },
      { key: 'cust-1', value: { n: 2 } },
    ]);
    // The fetch moved on: the next batch was handled while the first one's completion fails.
    await eventually(() => handled.join(';').includes('2'), 'the later messages to be handled');
    await eventually(
      () =>
        logger.messages('warn').filter((m) => m.startsWith('batch completion failed')).length >= 2,
      'the failing completion to be retried',
    );
    expect(completed).toEqual([]);
    expect(await committedOffset(bed.admin, groupId, name, 0)).toBeLessThanOrEqual(0);

    open = true;
    await eventually(() => completed.length === handled.length, 'every completion to run');
    expect(completed).toEqual(handled);
    expect(completed[0]).toBe('0');
    await eventually(
      async () => (await committedOffset(bed.admin, groupId, name, 0)) === 3,
      'all three offsets to be committed',
    );
  });

  it('runs the mergeable completions that queued behind a slow one as one run, then commits all their offsets', async () => {
    const name = topic('merged');
    const groupId = `${prefix}group-merged`;
    const handled: string[] = [];
    const runs: string[][] = [];
    let release: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (release = resolve));
    const merger: CompletionMerger<string> = {
      fits: () => true,
      combine: (parts) => ({ complete: async () => void runs.push([...parts]) }),
    };
    const consumer = await bed.bus.consumers.start({
      groupId,
      topics: [name],
      fromBeginning: true,
      batchHandler: async (messages): Promise<BatchCompletion> => {
        const offsets = offsetsOf(messages);
        handled.push(offsets);
        return {
          complete: async () => {
            if (offsets === '0') await firstHeld;
            runs.push([offsets]);
          },
          mergeable: { merger, part: offsets },
        };
      },
    });
    bed.started.push(consumer);

    // One batch per publish: each waits until the one before was handled.
    for (let n = 0; n < 4; n += 1) {
      await bed.bus.publisher.publish(name, [{ key: 'cust-1', value: { n } }]);
      await eventually(() => handled.length === n + 1, `batch ${n} to be handled`);
    }
    expect(runs).toEqual([]);
    expect(await committedOffset(bed.admin, groupId, name, 0)).toBeLessThanOrEqual(0);

    release();
    await eventually(
      async () => (await committedOffset(bed.admin, groupId, name, 0)) === 4,
      'all four offsets to be committed',
    );
    expect(runs).toEqual([['0'], ['1', '2', '3']]);
  });

  it('leaves a batch whose completion never succeeded uncommitted at stop: the next consumer gets it again', async () => {
    const name = topic('given-up');
    const groupId = `${prefix}group-given-up`;
    const handled: string[] = [];
    const first = await bed.bus.consumers.start({
      groupId,
      topics: [name],
      fromBeginning: true,
      batchHandler: async (messages) => {
        handled.push(offsetsOf(messages));
        return {
          complete: async () => {
            throw new Error('journal unavailable');
          },
        };
      },
    });
    bed.started.push(first);
    await bed.bus.publisher.publish(name, [{ key: 'cust-1', value: { n: 0 } }]);
    await eventually(() => handled.length === 1, 'the batch to be handled');
    await first.stop();
    expect(await committedOffset(bed.admin, groupId, name, 0)).toBeLessThanOrEqual(0);

    const redelivered: string[] = [];
    bed.started.push(
      await bed.bus.consumers.start({
        groupId,
        topics: [name],
        batchHandler: async (messages) => void redelivered.push(offsetsOf(messages)),
      }),
    );
    await eventually(() => redelivered.length === 1, 'the batch to be delivered again');
    expect(redelivered).toEqual(['0']);
    await eventually(
      async () => (await committedOffset(bed.admin, groupId, name, 0)) === 1,
      'the redelivered batch to be committed',
    );
  });
});
