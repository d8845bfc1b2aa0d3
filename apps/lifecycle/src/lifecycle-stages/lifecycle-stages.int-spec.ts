import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { consumerGroupId, loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  deadLetterTopicOf,
  HEADERS,
  LIFECYCLE_STAGE_CHANGED,
  lifecycleStageChangedV1Schema,
  SEGMENT_MEMBERSHIP_CHANGED,
  TOPICS,
  topicName,
  type LifecycleStageChangedV1,
  type SegmentMembershipChangedV1,
} from '@cip/contracts';
import { decideStageChange, stageAfter, type CustomerStage } from '@cip/lifecycle-domain';
import { DATA_SOURCE, runMigrations } from '@cip/persistence';
import { ProblemDetailsFilter } from '@cip/service-kit';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
  waitForInbox,
  type ReadMessage,
} from '@cip/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LIFECYCLE_STATUS_BY_CODE, LifecycleModule } from '../lifecycle.module';
import { LIFECYCLE_STAGES_CONSUMER } from './lifecycle-stages.tokens';
import { PostgresLifecycleStageStore } from './postgres-lifecycle-stage.store';

/**
 * Real Kafka and Postgres: membership changes in on `segment-membership`, stage changes out on
 * `lifecycle-stages`. A last, different stage entry is the sentinel: once its event is out,
 * everything before it on the partition was processed, so "no duplicate" needs no sleeping.
 */
describe('lifecycle: segment-membership → lifecycle-stages', () => {
  const infra = testInfra();
  const isolation = newIsolation('stages');
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let producer: Producer;
  let reader: TopicReader;
  let membershipTopic: string;
  let stagesTopic: string;
  let deadLetterTopic: string;

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, {
        OTEL_SDK_DISABLED: 'true',
        KAFKA_MAX_HANDLER_ATTEMPTS: '2',
        KAFKA_RETRY_BACKOFF_MS: '50',
      }),
    );
    membershipTopic = topicName(isolation.topicPrefix, TOPICS.segmentMembership);
    stagesTopic = topicName(isolation.topicPrefix, TOPICS.lifecycleStages);
    deadLetterTopic = deadLetterTopicOf(membershipTopic);
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    await runMigrations('lifecycle', config);
    reader = await TopicReader.start(infra.kafkaBrokers, [stagesTopic, deadLetterTopic]);
    const logger = createLogger({ serviceName: 'lifecycle', level: 'warn' });
    const telemetry = startTelemetry({
      serviceName: 'lifecycle',
      otlpEndpoint: undefined,
      disabled: true,
    });
    app = await NestFactory.create<NestFastifyApplication>(
      LifecycleModule.forRoot({ config, logger, telemetry, alertExpirySweepMs: 0 }),
      new FastifyAdapter(),
      { logger: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter(logger, LIFECYCLE_STATUS_BY_CODE));
    app.enableShutdownHooks();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    producer = new Kafka({
      clientId: 'lifecycle-stages-int-spec',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await reader?.stop();
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  function membership(
    customerId: string,
    segmentId: string,
    occurredAt: string,
    change: 'entered' | 'exited' = 'entered',
  ): SegmentMembershipChangedV1 {
    return {
      eventId: `mship-${randomUUID()}`,
      type: SEGMENT_MEMBERSHIP_CHANGED,
      version: 1,
      occurredAt,
      customerId,
      source: 'segmentation',
      correlationId: `corr-${randomUUID()}`,
      payload: {
        segmentId,
        definitionVersion: 1,
        change,
        triggeringEventId: `contact-${randomUUID()}`,
        reason: { summary: `tenure rule of ${segmentId}`, values: { tenureDays: 42 } },
      },
    };
  }

  async function produce(...events: SegmentMembershipChangedV1[]): Promise<void> {
    for (const event of events) {
      await producer.send({
        topic: membershipTopic,
        acks: -1,
        messages: [{ key: event.customerId, value: JSON.stringify(event) }],
      });
    }
  }

  const stageEvents = (customerId: string) => (messages: ReadMessage[]) =>
    messages.filter((m) => m.topic === stagesTopic && m.key === customerId);

  it('publishes one lifecycle.stage.changed per transition; copies, exits and other segments publish none', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const toNew = membership(customerId, 'lifecycle-stage.new', '2025-01-01T00:00:00.000Z');
    const toDeveloping = membership(
      customerId,
      'lifecycle-stage.developing',
      '2025-04-01T00:00:00.000Z',
    );
    const sentinel = membership(customerId, 'lifecycle-stage.at-risk', '2025-05-01T00:00:00.000Z');
    await produce(
      toNew,
      toDeveloping,
      toNew, // redelivered copy: must not move the customer back to `new`
      membership(customerId, 'lifecycle-stage.developing', '2025-04-02T00:00:00.000Z'), // same stage
      membership(customerId, 'lifecycle-stage.new', '2025-04-03T00:00:00.000Z', 'exited'),
      membership(customerId, 'repeated-complainers', '2025-04-04T00:00:00.000Z'),
      sentinel,
    );
    await reader.waitFor(
      (m) =>
        stageEvents(customerId)(m).some(
          (x) => (x.value as LifecycleStageChangedV1).payload.to === 'at-risk',
        ),
      45_000,
      'the at-risk stage change',
    );

    const events = stageEvents(customerId)(reader.messages);
    expect(
      events.map((m) => {
        const event = lifecycleStageChangedV1Schema.parse(m.value);
        return [event.payload.from, event.payload.to, event.payload.stageVersion];
      }),
    ).toEqual([
      [null, 'new', 1],
      ['new', 'developing', 2],
      ['developing', 'at-risk', 3],
    ]);
    expect(events[1]?.headers[HEADERS.eventType]).toBe(LIFECYCLE_STAGE_CHANGED);
    expect(events[1]?.value).toMatchObject({
      causationId: toDeveloping.eventId,
      correlationId: toDeveloping.correlationId,
      payload: {
        at: '2025-04-01T00:00:00.000Z',
        membershipEventId: toDeveloping.eventId,
        segmentId: 'lifecycle-stage.developing',
        reason: {
          summary: 'tenure rule of lifecycle-stage.developing',
          values: { tenureDays: 42 },
        },
      },
    });

    // Published before committed: the stage row is read once the sentinel's inbox row exists.
    await waitForInbox(
      app.get<DataSource>(DATA_SOURCE),
      LIFECYCLE_STAGES_CONSUMER,
      sentinel.eventId,
    );
    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: `/v1/customers/${customerId}/lifecycle-stage` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['etag']).toBe('"3"');
    expect(response.json()).toMatchObject({
      customerId,
      stage: 'at-risk',
      since: '2025-05-01T00:00:00.000Z',
      version: 3,
      history: [
        { version: 1, from: null, to: 'new', membershipEventId: toNew.eventId },
        { version: 2, from: 'new', to: 'developing', membershipEventId: toDeveloping.eventId },
        {
          version: 3,
          from: 'developing',
          to: 'at-risk',
          eventId: (events[2]?.value as LifecycleStageChangedV1).eventId,
        },
      ],
    });
  });

  it('a partition batch of several customers with copies moves each as one-by-one would; a poison message after it is dead-lettered alone', async () => {
    const [a, b] = [0, 1].map(() => `cust-${randomUUID().slice(0, 8)}`) as [string, string];
    const aNew = membership(a, 'lifecycle-stage.new', '2025-01-01T00:00:00.000Z');
    const aDeveloping = membership(a, 'lifecycle-stage.developing', '2025-04-01T00:00:00.000Z');
    const bAtRisk = membership(b, 'lifecycle-stage.at-risk', '2025-03-01T00:00:00.000Z');
    const batch = [
      aNew,
      bAtRisk,
      aDeveloping,
      aNew, // a copy in the same batch
      membership(b, 'lifecycle-stage.new', '2025-02-01T00:00:00.000Z'), // stale
      membership(a, 'lifecycle-stage.developing', '2025-04-02T00:00:00.000Z'), // same stage
      membership(b, 'lifecycle-stage.lapsed', '2025-06-01T00:00:00.000Z'),
    ];
    const sentinels = [
      membership(a, 'lifecycle-stage.established', '2025-09-01T00:00:00.000Z'),
      membership(b, 'lifecycle-stage.won-back', '2025-09-01T00:00:00.000Z'),
    ];
    // One send to one partition: one record batch, fetched and handled as one partition batch.
    const record = (event: SegmentMembershipChangedV1) => ({
      key: event.customerId,
      value: JSON.stringify(event),
      partition: 0,
    });
    const moves = (customerId: string, messages: ReadMessage[]) =>
      stageEvents(customerId)(messages).map((m) => {
        const event = lifecycleStageChangedV1Schema.parse(m.value);
        return [event.payload.from, event.payload.to, event.payload.stageVersion];
      });
    await producer.send({ topic: membershipTopic, acks: -1, messages: batch.map(record) });
    await reader.waitFor((m) => moves(b, m).length >= 2, 45_000, 'the stage changes of the batch');
    // Then a poison message: that batch falls back to one by one and dead-letters only it.
    await producer.send({
      topic: membershipTopic,
      acks: -1,
      messages: [
        { key: a, value: '{"type":"segment.membership.changed", not json', partition: 0 },
        ...sentinels.map(record),
      ],
    });
    await reader.waitFor(
      (m) => moves(a, m).length >= 3 && moves(b, m).length >= 3,
      45_000,
      'the sentinel stage changes of both customers',
    );
    expect(moves(a, reader.messages)).toEqual([
      [null, 'new', 1],
      ['new', 'developing', 2],
      ['developing', 'established', 3],
    ]);
    expect(moves(b, reader.messages)).toEqual([
      [null, 'at-risk', 1],
      ['at-risk', 'lapsed', 2],
      ['lapsed', 'won-back', 3],
    ]);
    const dead = reader.messages.filter(
      (m) =>
        m.topic === deadLetterTopic &&
        m.key === a &&
        m.headers[HEADERS.deadLetterConsumerGroup] === consumerGroupId(config, 'lifecycle-stages'),
    );
    expect(dead.map((m) => m.headers[HEADERS.deadLetterErrorCode])).toEqual([
      'INVALID_MEMBERSHIP_EVENT',
    ]);

    const dataSource = app.get<DataSource>(DATA_SOURCE);
    await waitForInbox(dataSource, LIFECYCLE_STAGES_CONSUMER, sentinels[1]!.eventId);
    const http = app.getHttpAdapter().getInstance();
    const stageOf = async (customerId: string) =>
      (
        await http.inject({ method: 'GET', url: `/v1/customers/${customerId}/lifecycle-stage` })
      ).json<{ stage: string; version: number; history: Array<{ membershipEventId: string }> }>();
    expect(await stageOf(a)).toMatchObject({
      stage: 'established',
      version: 3,
      history: [
        { membershipEventId: aNew.eventId },
        { membershipEventId: aDeveloping.eventId },
        { membershipEventId: sentinels[0]!.eventId },
      ],
    });
    expect(await stageOf(b)).toMatchObject({ stage: 'won-back', version: 3 });
    const inbox = (await dataSource.query(
      `SELECT count(*)::int AS n FROM "${config.database.schema}".processed_event
       WHERE consumer = $1 AND event_id = ANY($2::text[])`,
      [LIFECYCLE_STAGES_CONSUMER, [...batch, ...sentinels].map((e) => e.eventId)],
    )) as Array<{ n: number }>;
    expect(inbox[0]?.n).toBe(8);
  });

  it('the store records a batch all or nothing: a customer moved behind its back is a version conflict', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const store = new PostgresLifecycleStageStore(
      app.get<DataSource>(DATA_SOURCE),
      `spec-${customerId}`,
    );
    const change = (current: CustomerStage | null, event: SegmentMembershipChangedV1) => {
      const decision = decideStageChange(current, event);
      if (decision.kind !== 'change') throw new Error(`expected a change, got ${decision.kind}`);
      return decision.change;
    };
    const toNew = membership(customerId, 'lifecycle-stage.new', '2025-01-01T00:00:00.000Z');
    const first = change(null, toNew);
    const toDeveloping = membership(
      customerId,
      'lifecycle-stage.developing',
      '2025-04-01T00:00:00.000Z',
    );
    const second = change(stageAfter(first), toDeveloping);
    const unchanged = membership(
      customerId,
      'lifecycle-stage.developing',
      '2025-04-02T00:00:00.000Z',
    );
    await store.recordAll([
      { eventId: toNew.eventId, change: first },
      { eventId: toDeveloping.eventId, change: second },
      { eventId: unchanged.eventId, change: null },
    ]);
    expect(await store.current(customerId)).toMatchObject({ stage: 'developing', version: 2 });
    expect((await store.history(customerId)).map((h) => [h.from, h.to, h.version])).toEqual([
      [null, 'new', 1],
      ['new', 'developing', 2],
    ]);

    // Decided against version 1, but the customer is at version 2 now.
    const toAtRisk = membership(customerId, 'lifecycle-stage.at-risk', '2025-05-01T00:00:00.000Z');
    const other = membership(customerId, 'repeated-complainers', '2025-05-02T00:00:00.000Z');
    await expect(
      store.recordAll([
        { eventId: other.eventId, change: null },
        { eventId: toAtRisk.eventId, change: change(stageAfter(first), toAtRisk) },
      ]),
    ).rejects.toMatchObject({ code: 'STAGE_VERSION_CONFLICT' });
    expect(await store.processedAmong([other.eventId, toAtRisk.eventId])).toEqual(new Set());
    expect(await store.current(customerId)).toMatchObject({ stage: 'developing', version: 2 });
    expect(await store.history(customerId)).toHaveLength(2);
  });

  it('GET …/lifecycle-stage of an unknown customer is a 404 problem, of a malformed id a 400', async () => {
    const http = app.getHttpAdapter().getInstance();
    const unknown = await http.inject({
      method: 'GET',
      url: '/v1/customers/nobody/lifecycle-stage',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'LIFECYCLE_STAGE_NOT_FOUND' });
    const bad = await http.inject({ method: 'GET', url: '/v1/customers/bad%20id/lifecycle-stage' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_CUSTOMER_ID' });
  });
});
