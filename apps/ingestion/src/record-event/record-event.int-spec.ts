import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { loadServiceConfig } from '@cip/config';
import { TOPICS, topicName } from '@cip/contracts';
import { createKafkaBus, type KafkaBus } from '@cip/kafka';
import { createLogger, startTelemetry, type TelemetryHandle } from '@cip/telemetry';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
} from '@cip/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createIngestionTestApp } from '../ingestion-test.app';

jest.setTimeout(60_000);

const infra = testInfra();
const isolation = newIsolation('ingestion');
// Generous: the first send to a just-created topic fetches metadata, slow on a loaded CI machine.
const env = serviceEnv(infra, isolation, {
  LOG_LEVEL: 'silent',
  KAFKA_PRODUCE_TIMEOUT_MS: '15000',
});
const config = loadServiceConfig('ingestion', env);
const contactEvents = topicName(config.kafka.topicPrefix, TOPICS.contactEvents);
const logger = createLogger({ serviceName: 'ingestion', level: 'silent' });

let telemetry: TelemetryHandle;
let app: NestFastifyApplication;
let reader: TopicReader;

function newEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: `evt-${randomUUID()}`,
    type: 'complaint.filed',
    version: 1,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    customerId: `cust-${randomUUID().slice(0, 8)}`,
    source: 'call-center',
    payload: { complaintId: 'c-1', category: 'billing', severity: 'high' },
    ...overrides,
  };
}

async function post(
  target: NestFastifyApplication,
  body: unknown,
  contentType = 'application/json',
) {
  const response = await target.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.json() as Record<string, unknown>,
  };
}

const recordsOf = (eventId: unknown) =>
  reader
    .on(contactEvents)
    .filter((m) => (m.value as { eventId?: unknown } | null)?.eventId === eventId);

const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, 1_500));

beforeAll(async () => {
  await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
  telemetry = startTelemetry({
    serviceName: 'ingestion-int',
    otlpEndpoint: undefined,
    disabled: false,
  });
  // NodeSDK registers no tracer provider without a span processor (no OTLP endpoint here), and
  // then nothing creates a trace context to propagate. A no-export provider fills in; ignored if
  // telemetry already registered one.
  trace.setGlobalTracerProvider(new TracerProvider());
  app = await createIngestionTestApp({ config, logger, telemetry, runMigrations: true });
  reader = await TopicReader.start(infra.kafkaBrokers, [contactEvents]);
});

afterAll(async () => {
  await reader?.stop();
  await app?.close();
  await telemetry?.shutdown();
  await removeIsolation(infra, isolation);
});

describe('POST /v1/events (real Kafka and Postgres)', () => {
  it('accepts a valid event after Kafka acknowledged it, keyed by customer with a traceparent', async () => {
    const event = newEvent();
    const response = await post(app, event);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      eventId: event['eventId'],
      status: 'accepted',
      acceptedAt: expect.any(String),
    });

    const [record] = await reader.waitFor((messages) => {
      const found = messages.filter(
        (m) => (m.value as { eventId?: unknown }).eventId === event['eventId'],
      );
      return found.length > 0 ? found : undefined;
    });
    expect(record?.key).toBe(event['customerId']);
    expect(record?.value).toEqual(event);
    expect(record?.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(record?.headers['cip-event-type']).toBe('complaint.filed');

    const status = await app.inject({
      method: 'GET',
      url: `/v1/events/${String(event['eventId'])}`,
    });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({
      eventId: event['eventId'],
      status: 'accepted',
      acceptedAt: response.body['acceptedAt'],
    });
  });

  it('answers a replay with the original outcome and publishes only once', async () => {
    const event = newEvent();
    const first = await post(app, event);
    // Same event, keys in another order.
    const replay = await post(app, Object.fromEntries(Object.entries(event).reverse()));
    expect(first.status).toBe(202);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    await reader.waitFor(() => recordsOf(event['eventId']).length > 0);
    await quietPeriod();
    expect(recordsOf(event['eventId'])).toHaveLength(1);
  });

  it('refuses the same event id with a different body (409)', async () => {
    const event = newEvent();
    expect((await post(app, event)).status).toBe(202);
    const conflict = await post(app, {
      ...event,
      payload: { complaintId: 'c-2', category: 'network' },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    expect(conflict.body).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', status: 409 });
  });

  it('publishes concurrent duplicates at most once', async () => {
    const event = newEvent();
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(app, event)));
    const statuses = responses.map((r) => r.status);
    expect(statuses).toContain(202);
    for (const r of responses) {
      if (r.status !== 202)
        expect(r.body).toMatchObject({ status: 409, code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    }
    await reader.waitFor(() => recordsOf(event['eventId']).length > 0);
    await quietPeriod();
    expect(recordsOf(event['eventId'])).toHaveLength(1);
  });

  it('rejects an invalid event with a problem naming every failing field', async () => {
    const response = await post(
      app,
      newEvent({ customerId: '', occurredAt: 'soon', payload: { category: 'weather' } }),
    );
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'INVALID_EVENT',
      status: 400,
      type: 'urn:cip:problem:invalid-event',
    });
    const paths = (response.body['errors'] as Array<{ path: string }>).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/customerId',
        '/occurredAt',
        '/payload/complaintId',
        '/payload/category',
      ]),
    );
  });

  it.each([
    ['an unknown type', { type: 'teleport.completed' }, 'UNKNOWN_EVENT_TYPE'],
    ['an unsupported version', { version: 7 }, 'UNSUPPORTED_VERSION'],
    [
      'occurredAt in the future',
      { occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() },
      'OCCURRED_AT_IN_FUTURE',
    ],
  ])('rejects %s with its own code', async (_label, overrides, code) => {
    const response = await post(app, newEvent(overrides));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code, status: 400 });
  });

  it('answers malformed JSON, a wrong content type and an oversized body with problem details', async () => {
    const malformed = await post(app, '{"eventId": ', 'application/json');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');

    for (const contentType of [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
    ]) {
      const wrong = await post(app, JSON.stringify(newEvent()), contentType);
      expect(wrong.status).toBe(415);
      expect(wrong.headers['content-type']).toContain('application/problem+json');
    }

    const oversized = await post(app, newEvent({ source: 'x'.repeat(200_000) }));
    expect(oversized.status).toBe(413);
    expect(oversized.headers['content-type']).toContain('application/problem+json');
  });

  it('returns 404 for an unknown event id', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/events/never-seen' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'EVENT_NOT_FOUND' });
  });

  it('serves an OpenAPI document generated from the contract', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json() as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.paths).toHaveProperty(['/v1/events', 'post']);
    expect(document.components.schemas).toHaveProperty('ContactEventV1');
  });
});

describe('POST /v1/events when Kafka is unreachable', () => {
  let downApp: NestFastifyApplication;
  let downBus: KafkaBus;

  beforeAll(async () => {
    const downConfig = loadServiceConfig('ingestion', {
      ...env,
      KAFKA_BROKERS: '127.0.0.1:1',
      KAFKA_PRODUCE_TIMEOUT_MS: '1000',
    });
    downBus = createKafkaBus(downConfig.kafka, logger, {
      connectionTimeoutMs: 300,
      healthTimeoutMs: 500,
    });
    downApp = await createIngestionTestApp({
      config: downConfig,
      logger,
      telemetry,
      kafkaBus: downBus,
    });
  });

  afterAll(async () => {
    await downApp?.close();
    await downBus?.close();
  });

  it('answers 503 with Retry-After and records nothing as accepted', async () => {
    const event = newEvent();
    const response = await post(downApp, event);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.body).toMatchObject({ code: 'BUS_UNAVAILABLE', status: 503 });

    const status = await app.inject({
      method: 'GET',
      url: `/v1/events/${String(event['eventId'])}`,
    });
    expect(status.statusCode).toBe(404);

    // Once Kafka is back (the healthy instance), the client's retry with the same id succeeds.
    expect((await post(app, event)).status).toBe(202);
  });

  it('reports not ready', async () => {
    const response = await downApp.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      dependencies: expect.arrayContaining([
        expect.objectContaining({ name: 'kafka', status: 'down' }),
      ]),
    });
  });
});
