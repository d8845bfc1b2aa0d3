import { deadLetterTopicOf, HEADERS, TOPICS } from '@cip/contracts';
import { testInfra, type ReadMessage } from '@cip/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { startIngestionHarness, type IngestionHarness } from '../ingestion-int.harness';

jest.setTimeout(60_000);

let harness: IngestionHarness;
let producer: Producer;
let intakeTopic: string;
let intakeDeadLetters: string;
let contactEvents: string;

function rawEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: `evt-${randomUUID()}`,
    type: 'payment.recorded',
    version: 1,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    customerId: `cust-${randomUUID().slice(0, 8)}`,
    source: 'billing',
    payload: { amount: 42.5, currency: 'EUR', status: 'late' },
    ...overrides,
  };
}

async function produce(value: string, key = 'any-key'): Promise<void> {
  await producer.send({ topic: intakeTopic, acks: -1, messages: [{ key, value }] });
}

const withEventId = (eventId: unknown) => (m: ReadMessage) =>
  (m.value as { eventId?: unknown } | null)?.eventId === eventId;

beforeAll(async () => {
  harness = await startIngestionHarness('intake', {
    readTopics: (topic) => [deadLetterTopicOf(topic(TOPICS.intakeRaw))],
  });
  intakeTopic = harness.topic(TOPICS.intakeRaw);
  intakeDeadLetters = deadLetterTopicOf(intakeTopic);
  contactEvents = harness.contactEventsTopic;
  producer = new Kafka({
    clientId: 'intake-int-test',
    brokers: testInfra().kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await harness?.stop();
});

describe('intake topic (real Kafka and Postgres)', () => {
  it('forwards a valid raw event to contact-events keyed by its customer, once per event id', async () => {
    const event = rawEvent();
    await produce(JSON.stringify(event));
    await produce(JSON.stringify(event)); // a producer retry: same id, same body

    const forwarded = await harness.reader.waitFor(
      (messages) => {
        const found = messages.filter(withEventId(event['eventId']));
        return found.length > 0 ? found : undefined;
      },
      20_000,
      'the forwarded event',
    );
    // Let the duplicate be processed too before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const copies = harness.reader.on(contactEvents).filter(withEventId(event['eventId']));
    expect(forwarded[0]?.key).toBe(event['customerId']);
    expect(copies).toHaveLength(1);
  });

  it('dead-letters invalid records with the reason and forwards nothing for them', async () => {
    const invalid = rawEvent({ payload: { amount: -5, currency: 'euro', status: 'late' } });
    await produce(JSON.stringify(invalid));
    await produce('{"eventId": ');
    const reused = rawEvent();
    await produce(JSON.stringify(reused));
    await produce(JSON.stringify({ ...reused, source: 'another-system' }));

    const deadLetters = await harness.reader.waitFor(
      (messages) => {
        const found = messages.filter((m) => m.topic === intakeDeadLetters);
        return found.length >= 3 ? found : undefined;
      },
      30_000,
      'three dead letters',
    );
    const codes = deadLetters.map((m) => m.headers[HEADERS.deadLetterErrorCode]).sort();
    expect(codes).toEqual(['IDEMPOTENCY_CONFLICT', 'INVALID_EVENT', 'MALFORMED_JSON']);
    const invalidReason = deadLetters.find(
      (m) => m.headers[HEADERS.deadLetterErrorCode] === 'INVALID_EVENT',
    )?.headers[HEADERS.deadLetterReason];
    expect(invalidReason).toBeTruthy();
    expect(harness.reader.on(contactEvents).filter(withEventId(invalid['eventId']))).toHaveLength(
      0,
    );
    expect(harness.reader.on(contactEvents).filter(withEventId(reused['eventId']))).toHaveLength(1);
  });
});
