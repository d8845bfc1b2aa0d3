import { randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingMessage } from './message-bus';
import { useKafkaTestBed } from './test/kafka-test-bed';
import { eventually, testBusConfig, uniquePrefix } from './test/kafka-test.env';
import { RecordingLogger } from './test/recording-logger';

/**
 * Produce requests encoded by `encodeProduceRequest` (installed by createKafkaClient) against the
 * real broker, which checks each batch's CRC, framing and, for the idempotent producer, its
 * sequence numbers: what goes in comes out, byte for byte.
 */
describe('produce encoding (integration)', () => {
  const prefix = uniquePrefix('encoding');
  const topic = `${prefix}records`;
  const bed = useKafkaTestBed({
    config: testBusConfig({ clientId: `${prefix}client` }),
    logger: new RecordingLogger(),
    groupPrefix: prefix,
    topics: [{ name: topic, partitions: 6 }],
    deleteAtClose: [topic],
  });

  it('is the encoding in use', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kafkajs = require('kafkajs/src/protocol/requests') as {
      requests: { Produce: Record<symbol, unknown> };
    };
    expect(kafkajs.requests.Produce[Symbol.for('cip.kafkajs.produceEncoding')]).toBe(true);
  });

  it('delivers keys, values and headers as sent, over partitions and successive batches', async () => {
    const seen: IncomingMessage[] = [];
    bed.started.push(
      await bed.bus.consumers.start({
        groupId: `${prefix}reader`,
        topics: [topic],
        fromBeginning: true,
        handler: async (message) => void seen.push(message),
      }),
    );
    const binary = randomBytes(3_000);
    const batches: OutgoingMessage[][] = [0, 1, 2].map((batch) =>
      Array.from({ length: 40 }, (_, i) => ({
        key: `kund-${i % 9}-ü`,
        value:
          i === 7
            ? binary
            : i === 8
              ? null
              : { batch, i, text: 'Grüße, 顧客 ✓'.repeat(i === 5 ? 2_000 : 1) },
        headers: { 'x-id': `${batch}-${i}`, 'x-note': 'é'.repeat(i) },
      })),
    );
    for (const batch of batches) await bed.bus.publisher.publish(topic, batch);

    const sent = batches.flat();
    await eventually(() => seen.length === sent.length, `${sent.length} records`);
    const received = new Map(seen.map((message) => [message.headers['x-id'], message]));
    for (const message of sent) {
      const got = received.get(message.headers?.['x-id']);
      expect(got?.key).toBe(message.key);
      expect(got?.headers['x-note']).toBe(message.headers?.['x-note']);
      if (message.value === null) expect(got?.value).toBeNull();
      else {
        const bytes = Buffer.isBuffer(message.value)
          ? message.value
          : Buffer.from(JSON.stringify(message.value));
        expect(got?.value?.equals(bytes)).toBe(true);
      }
    }
    expect(new Set(seen.map((m) => m.partition)).size).toBeGreaterThan(1);
  });
});
