import { HEADERS, InvalidInputError, deadLetterTopicOf } from '@cip/contracts';
import { SpanKind, context, trace, type SpanContext } from '@opentelemetry/api';
import type { Admin } from 'kafkajs';
import type { KafkaBus } from './kafka-client.factory';
import type { IncomingMessage, RunningConsumer } from './message-bus';
import { installInMemoryTracing, type InMemoryTracing } from './test/in-memory-tracing';
import { openKafkaTestBed, type KafkaTestBed } from './test/kafka-test-bed';
import {
  committedOffset,
  eventually,
  recordCount,
  testBusConfig,
  uniquePrefix,
} from './test/kafka-test.env';
import { RecordingLogger } from './test/recording-logger';

/** Publish → consume against the real broker: payload, trace context and the failure policy. */
describe('kafkajs bus (integration)', () => {
  const prefix = uniquePrefix('bus');
  const topic = (name: string): string => `${prefix}${name}`;
  const group = (name: string): string => `${prefix}group-${name}`;
  const topics = ['roundtrip', 'traced', 'poison', 'transient', 'coalesced'].map(topic);
  const allTopics = topics.flatMap((name) => [name, deadLetterTopicOf(name)]);

  const logger = new RecordingLogger();
  const config = testBusConfig({
    clientId: `${prefix}client`,
    maxHandlerAttempts: 3,
    retryBackoffMs: 50,
  });
  let tracing: InMemoryTracing;
  let bus: KafkaBus;
  let admin: Admin;
  let bed: KafkaTestBed;
  let consumers: RunningConsumer[];

  beforeAll(async () => {
    tracing = installInMemoryTracing();
    bed = await openKafkaTestBed({
      config,
      logger,
      groupPrefix: prefix,
      topics: allTopics.map((name) => ({ name })),
      deleteAtClose: allTopics,
    });
    ({ bus, admin, started: consumers } = bed);
  });

  afterAll(() => bed.close(() => tracing.shutdown()));

  /** Starts a consumer that records what it handled; stopped in afterAll. */
  async function collect(groupId: string, topicName: string): Promise<IncomingMessage[]> {
    const seen: IncomingMessage[] = [];
    consumers.push(
      await bus.consumers.start({
        groupId,
        topics: [topicName],
        fromBeginning: true,
        handler: async (m) => void seen.push(m),
      }),
    );
    return seen;
  }

  it('delivers key, headers and JSON value, keeping one key on one partition in order', async () => {
    const name = topic('roundtrip');
    const received = await collect(group('roundtrip'), name);
    await bus.publisher.publish(name, [
      {
        key: 'cust-42',
        value: { seq: 1, note: 'Grüße' },
        headers: { [HEADERS.eventType]: 'contact.recorded' },
      },
      { key: 'cust-42', value: { seq: 2 }, headers: { [HEADERS.schemaVersion]: '1' } },
    ]);

    await eventually(() => received.length === 2, 'two messages');
    const [first, second] = received;
    expect(first?.key).toBe('cust-42');
    expect(JSON.parse(first?.value?.toString('utf8') ?? 'null')).toEqual({ seq: 1, note: 'Grüße' });
    expect(JSON.parse(second?.value?.toString('utf8') ?? 'null')).toEqual({ seq: 2 });
    expect(first?.headers[HEADERS.eventType]).toBe('contact.recorded');
    expect(second?.headers[HEADERS.schemaVersion]).toBe('1');
    expect(first?.headers[HEADERS.traceparent]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(second?.partition).toBe(first?.partition);
    expect(Number(second?.offset)).toBe(Number(first?.offset) + 1);
    expect(first?.timestamp).toBeGreaterThan(Date.now() - 60_000);
  });

  it('continues the producer’s trace in the consumer span', async () => {
    const name = topic('traced');
    let activeInHandler: SpanContext | undefined;
    let traceparent: string | undefined;
    consumers.push(
      await bus.consumers.start({
        groupId: group('traced'),
        topics: [name],
        fromBeginning: true,
        handler: async (m) => {
          await Promise.resolve(); // the context must survive an await inside the handler
          activeInHandler = trace.getActiveSpan()?.spanContext();
          traceparent = m.headers[HEADERS.traceparent];
        },
      }),
    );

    const tracer = trace.getTracer('test');
    const request = tracer.startSpan('POST /events');
    await context.with(trace.setSpan(context.active(), request), () =>
      bus.publisher.publish(name, [{ key: 'cust-7', value: { n: 1 } }]),
    );
    request.end();
    await eventually(() => activeInHandler !== undefined, 'the traced message');
    await eventually(
      () =>
        tracing
          .spans()
          .some(
            (s) =>
              s.kind === SpanKind.CONSUMER && s.attributes['messaging.destination.name'] === name,
          ),
      'the consumer span',
    );

    const spans = tracing.spans();
    const producer = spans.find(
      (s) => s.kind === SpanKind.PRODUCER && s.attributes['messaging.destination.name'] === name,
    );
    const consumer = spans.find(
      (s) => s.kind === SpanKind.CONSUMER && s.attributes['messaging.destination.name'] === name,
    );
    const traceId = request.spanContext().traceId;
    expect(producer?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(producer?.spanContext().traceId).toBe(traceId);
    expect(traceparent).toBe(`00-${traceId}-${producer?.spanContext().spanId}-01`);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(consumer?.spanContext().traceId).toBe(traceId);
    expect(activeInHandler?.spanId).toBe(consumer?.spanContext().spanId);
    expect(consumer?.attributes['messaging.consumer.group.name']).toBe(group('traced'));
  });

  it('dead-letters a poison message with its original payload and the reason, and moves on', async () => {
    const name = topic('poison');
    const groupId = group('poison');
    const handled: string[] = [];
    consumers.push(
      await bus.consumers.start({
        groupId,
        topics: [name],
        fromBeginning: true,
        handler: async (m) => {
          const body = JSON.parse(m.value?.toString('utf8') ?? 'null') as { n: number };
          if (body.n === 2)
            throw new InvalidInputError('INVALID_EVENT', 'payload.amount must be a number');
          handled.push(String(body.n));
        },
      }),
    );
    const deadLetters = await collect(group('poison-dlt'), deadLetterTopicOf(name));

    const before = Date.now();
    await bus.publisher.publish(
      name,
      [1, 2, 3].map((n) => ({ key: 'cust-9', value: { n }, headers: { 'x-origin': 'test' } })),
    );
    await eventually(
      () => handled.length === 2 && deadLetters.length === 1,
      'two handled, one dead-lettered',
    );

    expect(handled).toEqual(['1', '3']);
    const dead = deadLetters[0];
    expect(dead?.key).toBe('cust-9');
    expect(dead?.value?.toString('utf8')).toBe('{"n":2}');
    const headers = dead?.headers ?? {};
    expect(headers['x-origin']).toBe('test');
    expect(headers[HEADERS.deadLetterReason]).toBe('payload.amount must be a number');
    expect(headers[HEADERS.deadLetterErrorCode]).toBe('INVALID_EVENT');
    expect(headers[HEADERS.deadLetterOriginalTopic]).toBe(name);
    expect(headers[HEADERS.deadLetterAttempts]).toBe('1');
    expect(headers[HEADERS.deadLetterConsumerGroup]).toBe(groupId);
    expect(Date.parse(headers[HEADERS.deadLetterFailedAt] ?? '')).toBeGreaterThanOrEqual(
      before - 1_000,
    );
    const partition = Number(headers[HEADERS.deadLetterOriginalPartition]);
    const offset = Number(headers[HEADERS.deadLetterOriginalOffset]);
    // The poison message was the second of three on its partition; the group moved past all three.
    await eventually(
      async () => (await committedOffset(admin, groupId, name, partition)) === offset + 2,
      'offsets committed past the poison message',
    );
  });

  it('retries a transient failure in-process: handled once, nothing dead-lettered', async () => {
    const name = topic('transient');
    const attempts: number[] = [];
    let successes = 0;
    consumers.push(
      await bus.consumers.start({
        groupId: group('transient'),
        topics: [name],
        fromBeginning: true,
        handler: async (_m, { attempt }) => {
          attempts.push(attempt);
          if (attempt < 3) throw new Error('redis timeout');
          successes += 1;
        },
      }),
    );
    await bus.publisher.publish(name, [{ key: 'cust-1', value: { n: 1 } }]);
    await eventually(() => successes === 1, 'the third attempt to succeed');
    // Give a duplicate or a dead-letter the time to show up if there were one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(attempts).toEqual([1, 2, 3]);
    expect(successes).toBe(1);
    expect(await recordCount(admin, deadLetterTopicOf(name))).toBe(0);
    expect(
      logger.records.filter(
        (r) => r.message === 'message handler failed; retrying' && r.fields['topic'] === name,
      ),
    ).toHaveLength(2);
  });

  it('coalesces partition batches into one handler call; a poison message still fails only itself', async () => {
    const name = topic('coalesced');
    const groupId = group('coalesced');
    const calls: Array<Set<number>> = [];
    const handled: number[] = [];
    const handle = (messages: IncomingMessage[]): void => {
      const bodies = messages.map(
        (m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as { n: number },
      );
      if (bodies.some((b) => b.n === 13))
        throw new InvalidInputError('INVALID_EVENT', 'n must not be 13');
      handled.push(...bodies.map((b) => b.n));
    };
    const deadLetters = await collect(group('coalesced-dlt'), deadLetterTopicOf(name));
    // Published before the consumer starts, so its first fetch finds every partition with data.
    await bus.publisher.publish(
      name,
      Array.from({ length: 40 }, (_, n) => ({ key: `cust-${n}`, value: { n } })),
    );
    consumers.push(
      await bus.consumers.start({
        groupId,
        topics: [name],
        fromBeginning: true,
        partitionsConsumedConcurrently: 12,
        coalescePartitionBatches: true,
        batchHandler: async (messages) => {
          calls.push(new Set(messages.map((m) => m.partition)));
          handle(messages);
        },
        handler: async (message) => handle([message]),
      }),
    );
    await eventually(
      () => handled.length === 39 && deadLetters.length === 1,
      '39 handled, one dead-lettered',
    );
    expect([...handled].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, n) => n).filter((n) => n !== 13),
    );
    expect(deadLetters[0]?.value?.toString('utf8')).toBe('{"n":13}');
    // At least one call carried several partitions: the coalescing happened.
    expect(Math.max(...calls.map((partitions) => partitions.size))).toBeGreaterThan(1);
    const offsets = await admin.fetchTopicOffsets(name);
    await eventually(async () => {
      const committed = await Promise.all(
        offsets.map((o) => committedOffset(admin, groupId, name, o.partition)),
      );
      return offsets.every((o, i) => Number(o.high) === 0 || committed[i] === Number(o.high));
    }, 'every partition committed to its end');
  });

  it('logged no errors of its own along the way', () => {
    // kafkajs logs transient broker answers it retries (e.g. NOT_LEADER right after a topic was
    // created) at error level; those are not ours to assert on.
    expect(
      logger.records.filter((r) => r.level === 'error' && r.fields['component'] !== 'kafkajs'),
    ).toEqual([]);
  });
});
