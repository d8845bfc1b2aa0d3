import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  deadLetterTopicOf,
  HEADERS,
  segmentMembershipChangedV1Schema,
  TOPICS,
  topicName,
  type ContactEvent,
} from '@cip/contracts';
import { DATA_SOURCE } from '@cip/persistence';
import { ProblemDetailsFilter } from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import { createLogger, startTelemetry, type TelemetryHandle } from '@cip/telemetry';
import {
  createTopics,
  customerMergedEvent,
  deleteTopics,
  newIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
  waitForInbox,
  type ReadMessage,
} from '@cip/testing';
import type { Redis } from 'ioredis';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  CONTACT_EVENTS_CONSUMER,
  CUSTOMER_MERGED_CONSUMER,
  SegmentationModule,
} from './segmentation.module';

const infra = testInfra();
const isolation = newIsolation('seg');
const DAY = 86_400_000;

describe('segmentation service (real Kafka, Redis, Postgres)', () => {
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let telemetry: TelemetryHandle;
  let producer: Producer;
  let reader: TopicReader;
  let dataSource: DataSource;
  let baseUrl: string;
  let contactTopic: string;
  let membershipTopic: string;
  let mergedTopic: string;

  beforeAll(async () => {
    config = loadServiceConfig(
      'segmentation',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' }),
    );
    contactTopic = topicName(config.kafka.topicPrefix, TOPICS.contactEvents);
    membershipTopic = topicName(config.kafka.topicPrefix, TOPICS.segmentMembership);
    mergedTopic = topicName(config.kafka.topicPrefix, TOPICS.customerMerged);
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);

    const logger = createLogger({ serviceName: 'segmentation', level: 'warn' });
    telemetry = startTelemetry({
      serviceName: 'segmentation',
      otlpEndpoint: undefined,
      disabled: true,
    });
    app = await NestFactory.create<NestFastifyApplication>(
      SegmentationModule.forRoot({
        config,
        logger,
        telemetry,
        runMigrations: true,
        definitionsRefreshMs: 500,
      }),
      new FastifyAdapter(),
      { logger: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter(logger));
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    dataSource = app.get<DataSource>(DATA_SOURCE);

    reader = await TopicReader.start(infra.kafkaBrokers, [
      membershipTopic,
      deadLetterTopicOf(contactTopic),
      contactTopic,
    ]);
    producer = new Kafka({
      clientId: 'seg-int-test',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
  }, 90_000);

  afterAll(async () => {
    await producer?.disconnect();
    await reader?.stop();
    const redis = app?.get<Redis>(REDIS_CLIENT);
    if (redis) {
      const keys = await redis.keys(`${config.redis.keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
    await app?.close();
    await telemetry?.shutdown();
    await deleteTopics(infra.kafkaBrokers, isolation.topicPrefix);
  }, 60_000);

  const T0 = Date.parse('2026-03-01T10:00:00.000Z');
  let seq = 0;
  function contactEvent(
    customerId: string,
    type: 'complaint.filed' | 'call.completed',
    atMs: number,
  ): ContactEvent {
    seq += 1;
    const base = {
      eventId: `${isolation.id}-ev-${seq}`,
      version: 1 as const,
      occurredAt: new Date(atMs).toISOString(),
      customerId,
      source: 'int-test',
      correlationId: `corr-${seq}`,
    };
    return type === 'complaint.filed'
      ? {
          ...base,
          type,
          payload: { complaintId: `cmp-${seq}`, category: 'billing', severity: 'high' },
        }
      : {
          ...base,
          type,
          payload: { direction: 'inbound', durationSeconds: 60, outcome: 'resolved' },
        };
  }

  async function produce(event: ContactEvent): Promise<void> {
    await producer.send({
      topic: contactTopic,
      acks: -1,
      messages: [{ key: event.customerId, value: JSON.stringify(event) }],
    });
  }

  const waitProcessed = (eventId: string, consumer = CONTACT_EVENTS_CONSUMER): Promise<void> =>
    waitForInbox(dataSource, consumer, eventId);

  const membershipsOf = (customerId: string): ReadMessage[] =>
    reader.on(membershipTopic).filter((m) => m.key === customerId);
  const quiet = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  it('publishes exactly one `entered` on the 2nd complaint, and none on a redelivery', async () => {
    const customerId = `cust-${isolation.id}-1`;
    const first = contactEvent(customerId, 'complaint.filed', T0);
    await produce(first);
    await waitProcessed(first.eventId);
    await quiet(500);
    expect(membershipsOf(customerId)).toHaveLength(0);

    const second = contactEvent(customerId, 'complaint.filed', T0 + 3 * DAY);
    await produce(second);
    const [message] = await reader.waitFor((all) => {
      const found = all.filter((m) => m.topic === membershipTopic && m.key === customerId);
      return found.length > 0 && found;
    });
    const event = segmentMembershipChangedV1Schema.parse(message?.value);
    expect(event).toMatchObject({
      type: 'segment.membership.changed',
      customerId,
      causationId: second.eventId,
      correlationId: second.correlationId,
      occurredAt: second.occurredAt,
      payload: {
        segmentId: 'repeated-complainers',
        definitionVersion: 1,
        change: 'entered',
        triggeringEventId: second.eventId,
        reason: {
          summary: 'complaint.filed count over 30 days = 2 ≥ 2',
          values: { 'count(complaint.filed,30d)': 2 },
        },
      },
    });
    expect(message?.headers[HEADERS.eventType]).toBe('segment.membership.changed');

    // Redelivery: the same record produced again, then a later event of the same customer (same
    // partition, so once it is processed the duplicate has been handled too).
    await produce(second);
    await produce(first);
    const later = contactEvent(customerId, 'call.completed', T0 + 4 * DAY);
    await produce(later);
    await waitProcessed(later.eventId);
    await quiet(1_000);
    expect(membershipsOf(customerId)).toHaveLength(1);

    const [state] = (await dataSource.query(
      `SELECT version, state FROM customer_state WHERE customer_id = $1`,
      [customerId],
    )) as Array<{ version: number | string; state: { totals: Record<string, number> } }>;
    expect(Number(state?.version)).toBe(3);
    expect(state?.state.totals).toEqual({ 'complaint.filed': 2, 'call.completed': 1 });

    const members = (await dataSource.query(
      `SELECT segment_id, definition_version, reason FROM segment_membership WHERE customer_id = $1`,
      [customerId],
    )) as Array<{ segment_id: string; definition_version: number; reason: { summary: string } }>;
    expect(members).toEqual([
      expect.objectContaining({ segment_id: 'repeated-complainers', definition_version: 1 }),
    ]);
    const history = (await dataSource.query(
      `SELECT change, event_id, triggering_event_id FROM segment_membership_history WHERE customer_id = $1`,
      [customerId],
    )) as Array<{ change: string; event_id: string; triggering_event_id: string }>;
    expect(history).toEqual([
      { change: 'entered', event_id: event.eventId, triggering_event_id: second.eventId },
    ]);
    const inbox = (await dataSource.query(
      `SELECT count(*)::int AS n FROM processed_event WHERE consumer = $1 AND event_id LIKE $2`,
      [CONTACT_EVENTS_CONSUMER, `${isolation.id}-ev-%`],
    )) as Array<{ n: number }>;
    expect(inbox[0]?.n).toBeGreaterThanOrEqual(3);

    // The HTTP view of the same memberships.
    const response = await fetch(`${baseUrl}/v1/customers/${customerId}/segments`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      customerId,
      segments: [
        {
          segmentId: 'repeated-complainers',
          definitionVersion: 1,
          reason: { values: { 'count(complaint.filed,30d)': 2 } },
        },
      ],
    });
  });

  it('rebuilds a lost Redis state from the Postgres snapshot without a second entry', async () => {
    const customerId = `cust-${isolation.id}-2`;
    const a = contactEvent(customerId, 'complaint.filed', T0);
    const b = contactEvent(customerId, 'complaint.filed', T0 + DAY);
    await produce(a);
    await produce(b);
    await waitProcessed(b.eventId);
    await reader.waitFor((all) =>
      all.some((m) => m.topic === membershipTopic && m.key === customerId),
    );

    const redis = app.get<Redis>(REDIS_CLIENT);
    const stateKeys = await redis.keys(`${config.redis.keyPrefix}cust:{${customerId}}:*`);
    expect(stateKeys.length).toBeGreaterThan(0);
    await redis.del(...stateKeys);

    // Still a member after the rebuild (3 complaints): no flip, no event.
    const c = contactEvent(customerId, 'complaint.filed', T0 + 2 * DAY);
    await produce(c);
    await waitProcessed(c.eventId);
    // 40 days later the window has slid past all three: exactly one `exited`.
    const d = contactEvent(customerId, 'call.completed', T0 + 40 * DAY);
    await produce(d);
    await waitProcessed(d.eventId);
    await quiet(1_000);
    const changes = membershipsOf(customerId).map(
      (m) => (m.value as { payload: { change: string } }).payload.change,
    );
    expect(changes).toEqual(['entered', 'exited']);
    const hot = await redis.hget(
      `${config.redis.keyPrefix}cust:{${customerId}}:seg:state`,
      'version',
    );
    expect(hot).toBe('4');
    expect(
      await redis.smembers(`${config.redis.keyPrefix}cust:{${customerId}}:seg:members`),
    ).toEqual([]);
    const rows = (await dataSource.query(
      `SELECT 1 FROM segment_membership WHERE customer_id = $1`,
      [customerId],
    )) as unknown[];
    expect(rows).toHaveLength(0);
  });

  it('merges B into A: A enters with the merge reason, B exits, a late event of B goes to A', async () => {
    const a = `cust-${isolation.id}-4a`;
    const b = `cust-${isolation.id}-4b`;
    // A alone stays below the threshold; B is a member on its own and A is only with B's history.
    const aFirst = contactEvent(a, 'complaint.filed', T0);
    await produce(aFirst);
    await produce(contactEvent(b, 'complaint.filed', T0 + DAY));
    const bLast = contactEvent(b, 'complaint.filed', T0 + 2 * DAY);
    await produce(bLast);
    await waitProcessed(aFirst.eventId);
    await waitProcessed(bLast.eventId);
    await reader.waitFor((all) => all.some((m) => m.topic === membershipTopic && m.key === b));

    const merge = customerMergedEvent({
      eventId: `${isolation.id}-merge-1`,
      survivorId: a,
      mergedIds: [b],
      occurredAt: new Date(T0 + 3 * DAY).toISOString(),
      correlationId: `${isolation.id}-merge-corr`,
    });
    await producer.send({
      topic: mergedTopic,
      acks: -1,
      messages: [{ key: a, value: JSON.stringify(merge) }],
    });
    await waitProcessed(merge.eventId, CUSTOMER_MERGED_CONSUMER);
    // Published before the inbox row was written; the reader may still be catching up.
    await reader.waitFor(
      (all) =>
        all.some((m) => m.topic === membershipTopic && m.key === a) &&
        all.filter((m) => m.topic === membershipTopic && m.key === b).length >= 2,
    );

    const payloads = (customerId: string) =>
      membershipsOf(customerId).map((m) => segmentMembershipChangedV1Schema.parse(m.value));
    expect(payloads(a)).toEqual([
      expect.objectContaining({
        causationId: merge.eventId,
        correlationId: merge.correlationId,
        payload: expect.objectContaining({
          segmentId: 'repeated-complainers',
          change: 'entered',
          triggeringEventId: merge.eventId,
          reason: {
            summary: `complaint.filed count over 30 days = 3 ≥ 2 (after merging ${b} into ${a})`,
            values: { 'count(complaint.filed,30d)': 3, mergedIds: b },
          },
        }),
      }),
    ]);
    expect(
      payloads(b).map((e) => [e.payload.change, e.payload.reason.summary, e.payload.cause]),
    ).toEqual([
      ['entered', 'complaint.filed count over 30 days = 2 ≥ 2', undefined],
      ['exited', `merged into ${a}`, 'merge'],
    ]);
    const current = (await dataSource.query(
      `SELECT customer_id FROM segment_membership WHERE customer_id = ANY($1::text[])`,
      [[a, b]],
    )) as Array<{ customer_id: string }>;
    expect(current).toEqual([{ customer_id: a }]);
    const asked = await fetch(`${baseUrl}/v1/customers/${b}/segments`, { redirect: 'manual' });
    expect([asked.status, asked.headers.get('location')]).toEqual([
      308,
      `/v1/customers/${a}/segments`,
    ]);

    // Keyed by B before ingestion knew: re-published for A with the same id, applied to A only.
    const late = contactEvent(b, 'call.completed', T0 + 4 * DAY);
    await produce(late);
    const [rerouted] = await reader.waitFor((all) => {
      const found = all.filter(
        (m) =>
          m.topic === contactTopic &&
          m.key === a &&
          (m.value as ContactEvent).eventId === late.eventId,
      );
      return found.length > 0 && found;
    });
    expect(rerouted?.value).toEqual({ ...late, customerId: a });
    await waitProcessed(late.eventId);
    const states = (await dataSource.query(
      `SELECT customer_id, state FROM customer_state WHERE customer_id = ANY($1::text[]) ORDER BY customer_id`,
      [[a, b]],
    )) as Array<{
      customer_id: string;
      state: { totals: Record<string, number>; mergedInto?: string };
    }>;
    expect(states.map((row) => [row.customer_id, row.state.mergedInto, row.state.totals])).toEqual([
      [a, undefined, { 'complaint.filed': 3, 'call.completed': 1 }],
      [b, a, { 'complaint.filed': 2 }],
    ]);
  });

  it('dead-letters a malformed message and keeps consuming', async () => {
    const customerId = `cust-${isolation.id}-3`;
    await producer.send({
      topic: contactTopic,
      acks: -1,
      messages: [{ key: customerId, value: '{"not": "a contact event"' }],
    });
    await producer.send({
      topic: contactTopic,
      acks: -1,
      messages: [
        { key: customerId, value: JSON.stringify({ eventId: 'x', type: 'complaint.filed' }) },
      ],
    });
    const dlt = deadLetterTopicOf(contactTopic);
    const dead = await reader.waitFor((all) => {
      const found = all.filter((m) => m.topic === dlt && m.key === customerId);
      return found.length >= 2 && found;
    });
    expect(dead.map((m) => m.headers[HEADERS.deadLetterErrorCode])).toEqual([
      'INVALID_CONTACT_EVENT',
      'INVALID_CONTACT_EVENT',
    ]);
    const next = contactEvent(customerId, 'complaint.filed', T0);
    await produce(next);
    await waitProcessed(next.eventId);
  });

  it('serves definitions and validates path parameters as problem details', async () => {
    const segments = await fetch(`${baseUrl}/v1/segments`);
    expect(segments.status).toBe(200);
    expect(await segments.json()).toMatchObject({
      segments: [
        { id: 'repeated-complainers', version: 1, status: 'active', rule: { kind: 'gte' } },
      ],
    });
    const unknown = await fetch(`${baseUrl}/v1/customers/nobody-${isolation.id}/segments`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const invalid = await fetch(
      `${baseUrl}/v1/customers/${encodeURIComponent('bad id!')}/segments`,
    );
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'INVALID_CUSTOMER_ID' });
  });
});
