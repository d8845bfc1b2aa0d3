import { InvalidInputError } from '@cip/contracts';
import { SpanKind } from '@opentelemetry/api';
import type { Producer, ProducerBatch } from 'kafkajs';
import { BusUnavailableError } from './bus-unavailable.error';
import { KafkajsPublisher } from './kafkajs-publisher';
import { installInMemoryTracing, type InMemoryTracing } from './test/in-memory-tracing';
import { RecordingLogger } from './test/recording-logger';

/** A stand-in kafkajs producer whose sends the test settles by hand. */
class FakeProducer {
  readonly batches: ProducerBatch[] = [];
  connected = false;
  disconnected = false;
  connectError: Error | undefined;
  private pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  autoAck = true;

  async connect(): Promise<void> {
    if (this.connectError) throw this.connectError;
    this.connected = true;
  }

  sendBatch(batch: ProducerBatch): Promise<unknown[]> {
    this.batches.push(batch);
    if (this.autoAck) return Promise.resolve([]);
    return new Promise((resolve, reject) =>
      this.pending.push({ resolve: () => resolve([]), reject }),
    );
  }

  async disconnect(): Promise<void> {
    this.disconnected = true;
    for (const send of this.pending.splice(0)) send.reject(new Error('producer disconnected'));
  }

  ack(): void {
    this.pending.shift()?.resolve();
  }

  fail(error: Error): void {
    this.pending.shift()?.reject(error);
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('KafkajsPublisher', () => {
  let tracing: InMemoryTracing;
  let producers: FakeProducer[];
  let nextProducer: () => FakeProducer;

  beforeAll(() => {
    tracing = installInMemoryTracing();
  });
  afterAll(async () => {
    await tracing.shutdown();
  });
  beforeEach(() => {
    tracing.reset();
    producers = [];
    nextProducer = () => new FakeProducer();
  });

  function publisher(produceTimeoutMs = 1_000): KafkajsPublisher {
    return new KafkajsPublisher({
      createProducer: () => {
        const producer = nextProducer();
        producers.push(producer);
        return producer as unknown as Producer;
      },
      produceTimeoutMs,
      logger: new RecordingLogger(),
    });
  }

  it('sends one acks=all batch per call, grouped per topic, JSON-encoded, with trace context', async () => {
    const bus = publisher(1_234);
    await bus.publishMany([
      {
        topic: 'a',
        messages: [{ key: 'c1', value: { n: 1 }, headers: { 'cip-event-type': 't1' } }],
      },
      { topic: 'b', messages: [{ key: 'c2', value: { n: 2 } }] },
      { topic: 'a', messages: [{ key: 'c3', value: 'text' }] },
    ]);

    expect(producers).toHaveLength(1);
    const [batch] = producers[0]?.batches ?? [];
    expect(batch?.acks).toBe(-1);
    expect(batch?.timeout).toBe(1_234);
    expect(
      batch?.topicMessages?.map((t) => [
        t.topic,
        t.messages.map((m) => [m.key, m.value?.toString()]),
      ]),
    ).toEqual([
      [
        'a',
        [
          ['c1', '{"n":1}'],
          ['c3', '"text"'],
        ],
      ],
      ['b', [['c2', '{"n":2}']]],
    ]);

    const [span] = tracing.spans();
    expect(span?.kind).toBe(SpanKind.PRODUCER);
    expect(span?.attributes['messaging.batch.message_count']).toBe(3);
    const expectedParent = `00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`;
    const headers = batch?.topicMessages?.flatMap((t) => t.messages.map((m) => m.headers));
    expect(headers).toEqual([
      { 'cip-event-type': 't1', traceparent: expectedParent },
      { traceparent: expectedParent },
      { traceparent: expectedParent },
    ]);
  });

  it('keeps the messages’ own trace headers when asked (relays, dead-letters)', async () => {
    const bus = publisher();
    const original = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await bus.publish('t', [{ key: 'k', value: null, headers: { traceparent: original } }], {
      keepTraceHeaders: true,
    });
    const sent = producers[0]?.batches[0]?.topicMessages?.[0]?.messages[0];
    expect(sent?.headers).toEqual({ traceparent: original });
    expect(sent?.value).toBeNull();
  });

  it('rejects an unencodable value before sending anything', async () => {
    const bus = publisher();
    await expect(bus.publish('t', [{ key: 'k', value: undefined }])).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(producers).toHaveLength(0);
  });

  it('maps a send failure to BusUnavailableError and replaces the producer', async () => {
    nextProducer = () => Object.assign(new FakeProducer(), { autoAck: false });
    const bus = publisher();
    const failing = bus.publish('t', [{ key: 'k', value: 1 }]);
    await flush();
    producers[0]?.fail(new Error('NOT_ENOUGH_REPLICAS'));
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusUnavailableError);
    expect(error).toMatchObject({
      code: 'BUS_UNAVAILABLE',
      cause: expect.objectContaining({ message: 'NOT_ENOUGH_REPLICAS' }),
    });
    await flush();
    expect(producers[0]?.disconnected).toBe(true);

    const next = bus.publish('t', [{ key: 'k', value: 2 }]);
    await flush();
    producers[1]?.ack();
    await next;
    expect(producers).toHaveLength(2);
    expect(tracing.spans().map((s) => s.status.code)).toEqual([2, 0]);
  });

  it('rejects within the produce timeout when the broker does not answer', async () => {
    nextProducer = () => Object.assign(new FakeProducer(), { autoAck: false });
    const bus = publisher(100);
    const started = Date.now();
    await expect(bus.publish('t', [{ key: 'k', value: 1 }])).rejects.toThrow(BusUnavailableError);
    expect(Date.now() - started).toBeLessThan(500);
    // The hung producer is retired: the next publish gets a fresh one.
    const next = bus.publish('t', [{ key: 'k', value: 2 }]);
    await flush();
    expect(producers).toHaveLength(2);
    producers[1]?.ack();
    await next;
    await bus.disconnect();
    expect(producers.every((p) => p.disconnected)).toBe(true);
  });

  it('sends one batch at a time on a producer', async () => {
    nextProducer = () => Object.assign(new FakeProducer(), { autoAck: false });
    const bus = publisher();
    const first = bus.publish('t', [{ key: 'k', value: 1 }]);
    const second = bus.publish('t', [{ key: 'k', value: 2 }]);
    await flush();
    expect(producers[0]?.batches).toHaveLength(1);
    producers[0]?.ack();
    await first;
    await flush();
    expect(producers[0]?.batches).toHaveLength(2);
    producers[0]?.ack();
    await second;
  });

  it('sends the publishes queued behind the one in flight together, in order, as one request', async () => {
    nextProducer = () => Object.assign(new FakeProducer(), { autoAck: false });
    const bus = publisher();
    const first = bus.publish('t', [{ key: 'a', value: 1 }]);
    const second = bus.publishMany([
      { topic: 't', messages: [{ key: 'b', value: 2 }] },
      { topic: 'u', messages: [{ key: 'b', value: 3 }] },
    ]);
    const third = bus.publish('t', [{ key: 'c', value: 4 }]);
    await flush();
    expect(producers[0]?.batches).toHaveLength(1);
    producers[0]?.ack();
    await first;
    await flush();
    const batches = producers[0]?.batches ?? [];
    expect(batches).toHaveLength(2);
    expect(
      batches[1]?.topicMessages?.map((t) => [t.topic, t.messages.map((m) => String(m.value))]),
    ).toEqual([
      ['t', ['2', '4']],
      ['u', ['3']],
    ]);
    producers[0]?.ack();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
  });

  it('does not merge queued publishes past the byte budget', async () => {
    nextProducer = () => Object.assign(new FakeProducer(), { autoAck: false });
    const bus = publisher();
    const big = 'x'.repeat(300 * 1024);
    const sends = [1, 2, 3].map((n) => bus.publish('t', [{ key: String(n), value: big }]));
    await flush();
    producers[0]?.ack();
    await flush();
    producers[0]?.ack();
    await flush();
    producers[0]?.ack();
    await Promise.all(sends);
    expect(producers[0]?.batches.map((b) => b.topicMessages?.[0]?.messages.length)).toEqual([
      1, 1, 1,
    ]);
  });

  it('fails every publish that shared a failed request', async () => {
    nextProducer = () => Object.assign(new FakeProducer(), { autoAck: false });
    const bus = publisher();
    const first = bus.publish('t', [{ key: 'a', value: 1 }]);
    const second = bus.publish('t', [{ key: 'b', value: 2 }]).catch((e: unknown) => e);
    const third = bus.publish('t', [{ key: 'c', value: 3 }]).catch((e: unknown) => e);
    await flush();
    producers[0]?.ack();
    await first;
    await flush();
    producers[0]?.fail(new Error('NOT_ENOUGH_REPLICAS'));
    expect(await second).toBeInstanceOf(BusUnavailableError);
    expect(await third).toBeInstanceOf(BusUnavailableError);
    expect(producers[0]?.batches).toHaveLength(2);
  });

  it('moves a queued publish to a new producer when the one ahead failed', async () => {
    nextProducer = () => Object.assign(new FakeProducer(), { autoAck: false });
    const bus = publisher();
    const first = bus.publish('t', [{ key: 'k', value: 1 }]).catch((e: unknown) => e);
    const second = bus.publish('t', [{ key: 'k', value: 2 }]);
    await flush();
    producers[0]?.fail(new Error('REQUEST_TIMED_OUT'));
    expect(await first).toBeInstanceOf(BusUnavailableError);
    await flush();
    expect(producers[0]?.batches).toHaveLength(1);
    expect(
      producers[1]?.batches.map((b) => b.topicMessages?.[0]?.messages[0]?.value?.toString()),
    ).toEqual(['2']);
    producers[1]?.ack();
    await second;
  });

  it('fails connect fast with BusUnavailableError when Kafka is not there', async () => {
    nextProducer = () =>
      Object.assign(new FakeProducer(), { connectError: new Error('ECONNREFUSED') });
    const bus = publisher();
    await expect(bus.connect()).rejects.toMatchObject({
      code: 'BUS_UNAVAILABLE',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('refuses to publish after disconnect', async () => {
    const bus = publisher();
    await bus.publish('t', [{ key: 'k', value: 1 }]);
    await bus.disconnect();
    expect(producers[0]?.disconnected).toBe(true);
    await expect(bus.publish('t', [{ key: 'k', value: 1 }])).rejects.toThrow('publisher is closed');
  });
});
