import { loadServiceConfig } from '@cip/config';
import { deadLetterTopicOf, HEADERS, TOPICS, topicName } from '@cip/contracts';
import { DATA_SOURCE } from '@cip/persistence';
import { createLogger, startTelemetry, type TelemetryHandle } from '@cip/telemetry';
import {
  createTopics,
  deleteTopics,
  newIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
  type ReadMessage,
} from '@cip/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createIngestionTestApp } from '../ingestion-test.app';

jest.setTimeout(60_000);

const infra = testInfra();
const isolation = newIsolation('intake');
const config = loadServiceConfig(
  'ingestion',
  serviceEnv(infra, isolation, { LOG_LEVEL: 'silent', OTEL_SDK_DISABLED: 'true' }),
);
const intakeTopic = topicName(config.kafka.topicPrefix, TOPICS.intakeRaw);
const intakeDeadLetters = deadLetterTopicOf(intakeTopic);
const contactEvents = topicName(config.kafka.topicPrefix, TOPICS.contactEvents);

let telemetry: TelemetryHandle;
let app: NestFastifyApplication;
let reader: TopicReader;
let producer: Producer;

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
  await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
  telemetry = startTelemetry({ serviceName: 'ingestion', otlpEndpoint: undefined, disabled: true });
  const logger = createLogger({ serviceName: 'ingestion', level: 'silent' });
  app = await createIngestionTestApp({ config, logger, telemetry, runMigrations: true });
  reader = await TopicReader.start(infra.kafkaBrokers, [contactEvents, intakeDeadLetters]);
  producer = new Kafka({
    clientId: 'intake-int-test',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await reader?.stop();
  await app
    ?.get<DataSource>(DATA_SOURCE)
    .query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
  await app?.close();
  await telemetry?.shutdown();
  await deleteTopics(infra.kafkaBrokers, isolation.topicPrefix);
});

describe('intake topic (real Kafka and Postgres)', () => {
  it('forwards a valid raw event to contact-events keyed by its customer, once per event id', async () => {
    const event = rawEvent();
    await produce(JSON.stringify(event));
    await produce(JSON.stringify(event)); // a producer retry: same id, same body

    const forwarded = await reader.waitFor(
      (messages) => {
        const found = messages.filter(withEventId(event['eventId']));
        return found.length > 0 ? found : undefined;
      },
      20_000,
      'the forwarded event',
    );
    // Let the duplicate be processed too before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const copies = reader.on(contactEvents).filter(withEventId(event['eventId']));
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

    const deadLetters = await reader.waitFor(
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
    expect(reader.on(contactEvents).filter(withEventId(invalid['eventId']))).toHaveLength(0);
    expect(reader.on(contactEvents).filter(withEventId(reused['eventId']))).toHaveLength(1);
  });
});
