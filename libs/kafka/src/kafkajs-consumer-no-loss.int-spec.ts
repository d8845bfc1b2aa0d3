import { InvalidInputError, deadLetterTopicOf } from '@cip/contracts';
import { createKafkaBus } from './kafka-client.factory';
import { useKafkaTestBed } from './test/kafka-test-bed';
import {
  committedOffset,
  eventually,
  recordCount,
  testBusConfig,
  uniquePrefix,
} from './test/kafka-test.env';
import { RecordingLogger } from './test/recording-logger';

/**
 * Offsets are committed only for finished work: not when stop() interrupts a handler, not when a
 * dead-letter cannot be written; and stop() lets the message in flight finish.
 */
describe('kafkajs consumer loses nothing (integration)', () => {
  const prefix = uniquePrefix('noloss');
  const topic = (name: string): string => `${prefix}${name}`;
  const allTopics = [
    topic('blocked'),
    topic('inflight'),
    topic('no-dlt'),
    deadLetterTopicOf(topic('no-dlt')),
  ];

  const logger = new RecordingLogger();
  const config = testBusConfig({ clientId: `${prefix}client` });
  const bed = useKafkaTestBed({
    config,
    logger,
    groupPrefix: prefix,
    // The dead-letter topic of 'no-dlt' is created only during its test.
    topics: allTopics
      .filter((name) => name !== deadLetterTopicOf(topic('no-dlt')))
      .map((name) => ({ name })),
    deleteAtClose: allTopics,
  });

  it('does not commit a message whose handler was interrupted by stop: the next consumer gets it', async () => {
    const name = topic('blocked');
    const groupId = `${prefix}group-blocked`;
    let entered: { partition: number; offset: string } | undefined;
    const first = await bed.bus.consumers.start({
      groupId,
      topics: [name],
      fromBeginning: true,
      // Blocks until the consumer stops, then fails as a handler cut short would.
      handler: async (m, { signal }) => {
        entered = { partition: m.partition, offset: m.offset };
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        throw new Error('interrupted by shutdown');
      },
    });
    bed.started.push(first);
    await bed.bus.publisher.publish(name, [{ key: 'cust-1', value: { n: 1 } }]);
    await eventually(() => entered !== undefined, 'the handler to start');

    await first.stop();
    const location = entered ?? { partition: -1, offset: '-1' };
    expect(await committedOffset(bed.admin, groupId, name, location.partition)).toBeLessThanOrEqual(
      Number(location.offset),
    );

    const redelivered: Array<{ offset: string; attempt: number }> = [];
    bed.started.push(
      await bed.bus.consumers.start({
        groupId,
        topics: [name],
        handler: async (m, { attempt }) => void redelivered.push({ offset: m.offset, attempt }),
      }),
    );
    await eventually(() => redelivered.length === 1, 'the message to be delivered again');
    expect(redelivered).toEqual([{ offset: location.offset, attempt: 1 }]);
    await eventually(
      async () =>
        (await committedOffset(bed.admin, groupId, name, location.partition)) ===
        Number(location.offset) + 1,
      'the redelivered message to be committed',
    );
  });

  it('stop() finishes the message in flight, commits exactly what was handled, and returns quickly', async () => {
    const name = topic('inflight');
    const groupId = `${prefix}group-inflight`;
    const total = 20;
    await bed.bus.publisher.publish(
      name,
      Array.from({ length: total }, (_, n) => ({ key: 'cust-same-partition', value: { n } })),
    );

    const handled: number[] = [];
    let partition = -1;
    const consumer = await bed.bus.consumers.start({
      groupId,
      topics: [name],
      fromBeginning: true,
      handler: async (m) => {
        partition = m.partition;
        await new Promise((resolve) => setTimeout(resolve, 150));
        handled.push(Number(m.offset));
      },
    });
    bed.started.push(consumer);
    await eventually(() => handled.length >= 3, 'a few messages to be handled');

    const stopStarted = Date.now();
    await consumer.stop();
    const stopMs = Date.now() - stopStarted;
    expect(stopMs).toBeLessThan(10_000);
    const handledBeforeStop = handled.length;
    expect(handledBeforeStop).toBeLessThan(total);
    // Every handled message is committed, none beyond: the batch stopped between messages.
    expect(await committedOffset(bed.admin, groupId, name, partition)).toBe(handledBeforeStop);

    // Nothing is lost: a restart in the same group picks up exactly where the first one stopped.
    const rest: number[] = [];
    bed.started.push(
      await bed.bus.consumers.start({
        groupId,
        topics: [name],
        handler: async (m) => void rest.push(Number(m.offset)),
      }),
    );
    await eventually(() => rest.length === total - handledBeforeStop, 'the remaining messages');
    expect([...handled, ...rest]).toEqual(Array.from({ length: total }, (_, n) => n));
  });

  it('keeps a message uncommitted while its dead-letter cannot be written, and dead-letters it once it can', async () => {
    const name = topic('no-dlt');
    const deadLetterTopic = deadLetterTopicOf(name);
    const groupId = `${prefix}group-no-dlt`;
    let calls = 0;
    let location: { partition: number; offset: string } | undefined;
    // Short produce timeout: each failed dead-letter attempt gives up quickly.
    const impatient = createKafkaBus(
      testBusConfig({ clientId: `${prefix}impatient`, produceTimeoutMs: 1_000 }),
      logger,
    );
    try {
      await impatient.connect();
      await impatient.consumers.start({
        groupId,
        topics: [name],
        handler: async (m) => {
          calls += 1;
          location = { partition: m.partition, offset: m.offset };
          throw new InvalidInputError('INVALID_EVENT', 'poison');
        },
      });
      await bed.bus.publisher.publish(name, [{ key: 'cust-1', value: { n: 1 } }]);

      // The dead-letter publish fails, kafkajs gets the message again, the handler sees it again.
      await eventually(
        () => calls >= 2,
        'the message to be redelivered after the failed dead-letter',
        20_000,
      );
      const where = location ?? { partition: -1, offset: '-1' };
      expect(await committedOffset(bed.admin, groupId, name, where.partition)).toBe(-1);

      await bed.bus.topics.ensureTopics([{ name: deadLetterTopic }]);
      await eventually(
        async () => (await recordCount(bed.admin, deadLetterTopic)) === 1,
        'the dead-letter to be written',
        20_000,
      );
      await eventually(
        async () =>
          (await committedOffset(bed.admin, groupId, name, where.partition)) ===
          Number(where.offset) + 1,
        'the message to be committed after dead-lettering',
      );
      expect(logger.messages('error')).toContain(
        'dead-letter publish failed; message will be redelivered',
      );
    } finally {
      await impatient.close();
    }
  });
});
