import type { ServiceConfig } from '@cip/config';
import { createKafkaBus, type KafkaBus } from '@cip/kafka';
import { createLogger, startTelemetry, type TelemetryHandle } from '@cip/telemetry';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createIngestionTestApp } from '../ingestion-test.app';
import { startIngestionHarness, type IngestionHarness } from '../ingestion-int.harness';

jest.setTimeout(60_000);

const logger = createLogger({ serviceName: 'ingestion', level: 'silent' });
let harness: IngestionHarness;
let app: NestFastifyApplication;

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

interface ItemResult {
  index: number;
  eventId?: string;
  status: 'accepted' | 'replayed' | 'rejected';
  acceptedAt?: string;
  problem?: { status: number; code: string; errors?: Array<{ path: string }> };
}

async function postBatch(
  target: NestFastifyApplication,
  body: unknown,
  contentType = 'application/json',
) {
  const response = await target.inject({
    method: 'POST',
    url: '/v1/events:batch',
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.json() as Record<string, unknown> & { results: ItemResult[] },
  };
}

const recordsOf = (eventIds: unknown[]) =>
  harness.reader
    .on(harness.contactEventsTopic)
    .filter((m) => eventIds.includes((m.value as { eventId?: unknown } | null)?.eventId));

const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, 1_500));

beforeAll(async () => {
  harness = await startIngestionHarness('batch');
  app = harness.app;
});

afterAll(async () => {
  await harness?.stop();
});

describe('POST /v1/events:batch (real Kafka and Postgres)', () => {
  it('answers 207 with one result per item: accepted, replayed, invalid and conflicting', async () => {
    const earlier = newEvent();
    // The whole response, so a failure shows the problem the service answered with.
    expect(await postBatch(app, { events: [earlier] })).toMatchObject({
      status: 207,
      body: { results: [{ status: 'accepted' }] },
    });
    const fresh = newEvent();
    const invalid = newEvent({ customerId: '', payload: { category: 'weather' } });
    const conflicting = { ...earlier, payload: { complaintId: 'c-9', category: 'network' } };

    const response = await postBatch(app, { events: [fresh, earlier, invalid, conflicting, 42] });

    expect(response).toMatchObject({ status: 207, body: { results: expect.any(Array) } });
    const [accepted, replayed, rejected, conflict, notAnObject] = response.body.results;
    expect(accepted).toEqual({
      index: 0,
      eventId: fresh['eventId'],
      status: 'accepted',
      acceptedAt: expect.any(String),
    });
    expect(replayed).toMatchObject({ index: 1, eventId: earlier['eventId'], status: 'replayed' });
    expect(rejected).toMatchObject({
      index: 2,
      eventId: invalid['eventId'],
      status: 'rejected',
      problem: { status: 400, code: 'INVALID_EVENT', type: 'urn:cip:problem:invalid-event' },
    });
    expect(rejected?.problem?.errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/customerId', '/payload/complaintId', '/payload/category']),
    );
    expect(conflict).toMatchObject({
      index: 3,
      status: 'rejected',
      problem: { status: 409, code: 'IDEMPOTENCY_CONFLICT' },
    });
    expect(notAnObject).toMatchObject({ index: 4, status: 'rejected', problem: { status: 400 } });
    expect(notAnObject).not.toHaveProperty('eventId');

    await harness.reader.waitFor(() => recordsOf([fresh['eventId']]).length > 0);
    await quietPeriod();
    // Published once each, the replay and the refused items not at all.
    expect(recordsOf([fresh['eventId'], earlier['eventId'], invalid['eventId']])).toHaveLength(2);
  });

  it('accepts 1,000 events in one request and publishes each exactly once', async () => {
    const events = Array.from({ length: 1_000 }, () => newEvent());
    const response = await postBatch(app, { events });
    expect(response.status).toBe(207);
    expect(response.body.results.filter((r) => r.status === 'accepted')).toHaveLength(1_000);
    expect(response.body.results.map((r) => r.index)).toEqual(events.map((_, i) => i));

    const ids = events.map((e) => e['eventId']);
    await harness.reader.waitFor(() => recordsOf(ids).length >= 1_000);
    const replay = await postBatch(app, { events });
    expect(new Set(replay.body.results.map((r) => r.status))).toEqual(new Set(['replayed']));
    await quietPeriod();
    expect(new Set(recordsOf(ids).map((m) => (m.value as { eventId: string }).eventId)).size).toBe(
      1_000,
    );
    expect(recordsOf(ids)).toHaveLength(1_000);
  });

  it.each([
    ['no events array', { items: [] }, 'invalid_type'],
    ['an empty batch', { events: [] }, 'too_small'],
    ['more than 1,000 events', { events: Array.from({ length: 1_001 }, () => ({})) }, 'too_big'],
    ['a bare array', [newEvent()], 'invalid_type'],
  ])('refuses %s as a whole with a problem naming /events', async (_label, body, issueCode) => {
    const response = await postBatch(app, body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'INVALID_BATCH',
      errors: [{ path: '/events', code: issueCode }],
    });
  });

  it('answers malformed JSON, a wrong content type and an oversized body with problem details', async () => {
    expect((await postBatch(app, '{"events": [', 'application/json')).status).toBe(400);
    const wrongType = await postBatch(app, JSON.stringify({ events: [newEvent()] }), 'text/plain');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const oversized = await postBatch(app, {
      events: [newEvent({ source: 'x'.repeat(3_000_000) })],
    });
    expect(oversized.status).toBe(413);
    expect(oversized.headers['content-type']).toContain('application/problem+json');
  });
});

describe('POST /v1/events:batch when Kafka is unreachable', () => {
  let downApp: NestFastifyApplication;
  let downBus: KafkaBus;
  let telemetry: TelemetryHandle;

  beforeAll(async () => {
    const { config } = harness;
    const downConfig: ServiceConfig = {
      ...config,
      kafka: { ...config.kafka, brokers: ['127.0.0.1:1'], produceTimeoutMs: 1_000 },
    };
    downBus = createKafkaBus(downConfig.kafka, logger, {
      connectionTimeoutMs: 300,
      healthTimeoutMs: 500,
    });
    telemetry = startTelemetry({
      serviceName: 'ingestion-down',
      otlpEndpoint: undefined,
      disabled: true,
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
    await telemetry?.shutdown();
  });

  it('answers 503 with Retry-After for the whole batch and records nothing as accepted', async () => {
    const events = [newEvent(), newEvent(), newEvent({ customerId: '' })];
    const response = await postBatch(downApp, { events });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'BUS_UNAVAILABLE', status: 503 });

    for (const event of events) {
      const status = await app.inject({
        method: 'GET',
        url: `/v1/events/${String(event['eventId'])}`,
      });
      expect(status.statusCode).toBe(404);
    }

    // Once Kafka is back (the healthy instance), the client's retry of the same batch succeeds.
    const retry = await postBatch(app, { events });
    expect(retry.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected']);
  });
});
