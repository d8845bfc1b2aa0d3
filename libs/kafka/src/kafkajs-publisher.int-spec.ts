import { createServer, type AddressInfo, type Socket } from 'node:net';
import { BusUnavailableError } from './bus-unavailable.error';
import { createKafkaBus } from './kafka-client.factory';
import { testBusConfig, uniquePrefix } from './test/kafka-test.env';
import { RecordingLogger } from './test/recording-logger';

/** What an HTTP caller sees when Kafka is not there: a typed, timely BUS_UNAVAILABLE. */
describe('kafkajs publisher and health against unavailable Kafka (integration)', () => {
  const produceTimeoutMs = 1_500;
  // Slack for timers and the event loop; the point is "about the timeout", not "30 s of retries".
  const slackMs = 700;

  it.each([
    ['a closed port', '127.0.0.1:1'],
    ['an unknown host', 'kafka.invalid:9092'],
  ])(
    'rejects a publish to %s with BusUnavailableError within the produce timeout',
    async (_label, broker) => {
      const bus = createKafkaBus(
        testBusConfig({ brokers: [broker], produceTimeoutMs }),
        new RecordingLogger(),
        {
          healthTimeoutMs: 500,
        },
      );
      try {
        const started = Date.now();
        const error = await bus.publisher
          .publish('any-topic', [{ key: 'k', value: { n: 1 } }])
          .catch((e: unknown) => e);
        expect(Date.now() - started).toBeLessThan(produceTimeoutMs + slackMs);
        expect(error).toBeInstanceOf(BusUnavailableError);
        expect(error).toMatchObject({ code: 'BUS_UNAVAILABLE' });

        const healthStarted = Date.now();
        await expect(bus.health.check()).rejects.toBeInstanceOf(BusUnavailableError);
        expect(Date.now() - healthStarted).toBeLessThan(500 + slackMs);
      } finally {
        await bus.close();
      }
    },
  );

  it('rejects a publish to a broker that accepts connections but never answers, at the timeout', async () => {
    // A TCP listener that swallows every request: the "Kafka is slow" case, not the "down" one.
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const bus = createKafkaBus(
      testBusConfig({ brokers: [`127.0.0.1:${port}`], produceTimeoutMs }),
      new RecordingLogger(),
      {
        healthTimeoutMs: 500,
      },
    );
    try {
      const healthStarted = Date.now();
      await expect(bus.health.check()).rejects.toThrow('kafka did not answer within 500 ms');
      expect(Date.now() - healthStarted).toBeLessThan(500 + slackMs);

      const started = Date.now();
      const error = await bus.publisher
        .publish('any-topic', [{ key: 'k', value: 1 }])
        .catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(BusUnavailableError);
      expect((error as Error).message).toContain(`within ${produceTimeoutMs} ms`);
      expect(elapsed).toBeGreaterThanOrEqual(produceTimeoutMs - 50);
      expect(elapsed).toBeLessThan(produceTimeoutMs + slackMs);
    } finally {
      await bus.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects a publish to a topic that does not exist (no auto-creation) within the timeout', async () => {
    const bus = createKafkaBus(testBusConfig({ produceTimeoutMs }), new RecordingLogger());
    try {
      await bus.connect();
      const started = Date.now();
      await expect(
        bus.publisher.publish(`${uniquePrefix('missing')}nowhere`, [{ key: 'k', value: 1 }]),
      ).rejects.toBeInstanceOf(BusUnavailableError);
      expect(Date.now() - started).toBeLessThan(produceTimeoutMs + slackMs);
    } finally {
      await bus.close();
    }
  });

  it('reports a reachable cluster as healthy', async () => {
    const bus = createKafkaBus(testBusConfig(), new RecordingLogger());
    try {
      await expect(bus.health.check()).resolves.toBeUndefined();
      await expect(bus.health.check()).resolves.toBeUndefined();
    } finally {
      await bus.close();
    }
  });
});
