import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  HEADERS,
  LIFECYCLE_STAGE_CHANGED,
  lifecycleStageChangedV1Schema,
  SEGMENT_MEMBERSHIP_CHANGED,
  TOPICS,
  topicName,
  type LifecycleStageChangedV1,
  type SegmentMembershipChangedV1,
} from '@cip/contracts';
import { DATA_SOURCE, runMigrations } from '@cip/persistence';
import { ProblemDetailsFilter } from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
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
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LIFECYCLE_STATUS_BY_CODE, LifecycleModule } from '../lifecycle.module';
import { LIFECYCLE_STAGES_CONSUMER } from './lifecycle-stages.tokens';

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
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    await runMigrations('lifecycle', config);
    reader = await TopicReader.start(infra.kafkaBrokers, [stagesTopic]);
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
    if (app) {
      const redis = app.get<Redis>(REDIS_CLIENT);
      const keys = await redis.keys(`${isolation.redisKeyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await app
        .get<DataSource>(DATA_SOURCE)
        .query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
      await app.close();
    }
    await deleteTopics(infra.kafkaBrokers, isolation.topicPrefix);
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
