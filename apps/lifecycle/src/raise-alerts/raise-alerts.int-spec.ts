import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  ATTRITION_ALERT_RAISED,
  deadLetterTopicOf,
  HEADERS,
  SEGMENT_MEMBERSHIP_CHANGED,
  TOPICS,
  TRIGGER_FIRED,
  topicName,
  type SegmentMembershipChangedV1,
} from '@cip/contracts';
import { DATA_SOURCE, runMigrations } from '@cip/persistence';
import { ProblemDetailsFilter } from '@cip/service-kit';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
  customerMergedEvent,
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
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { LifecycleModule } from '../lifecycle.module';
import { CUSTOMER_MERGED_CONSUMER } from '../lifecycle.tokens';

const DAY = 86_400_000;

/**
 * Real Kafka, Redis and Postgres, the Nest module booted in-process on its own isolation slice.
 * A `sentinel` trigger (no cooldown, no alert) fired by a later change of the same customer marks
 * "everything before it on the partition was processed", so "nothing more was published" is
 * asserted without sleeping.
 */
describe('lifecycle: segment-membership → triggers + attrition-alerts', () => {
  const infra = testInfra();
  const isolation = newIsolation('lifecycle');
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let producer: Producer;
  let reader: TopicReader;
  let topics: {
    membership: string;
    triggers: string;
    alerts: string;
    dlt: string;
    merged: string;
  };

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, {
        OTEL_SDK_DISABLED: 'true',
        KAFKA_MAX_HANDLER_ATTEMPTS: '2',
        KAFKA_RETRY_BACKOFF_MS: '50',
      }),
    );
    const prefix = isolation.topicPrefix;
    topics = {
      membership: topicName(prefix, TOPICS.segmentMembership),
      triggers: topicName(prefix, TOPICS.triggers),
      alerts: topicName(prefix, TOPICS.attritionAlerts),
      dlt: deadLetterTopicOf(topicName(prefix, TOPICS.segmentMembership)),
      merged: topicName(prefix, TOPICS.customerMerged),
    };
    await createTopics(infra.kafkaBrokers, prefix);
    await runMigrations('lifecycle', config);
    await withPg(config, (pg) =>
      pg.query(
        `INSERT INTO "${config.database.schema}".trigger_definition
           (id, programme, description, condition, cooldown_seconds, severity_rule, deadline_hours, suggested_strategy, enabled)
         VALUES ('sentinel', 'service', 'test sentinel', $1::jsonb, 0, '{"kind":"fixed","severity":"low"}'::jsonb, NULL, 'none', true)`,
        [JSON.stringify({ kind: 'segment-entered', segmentId: 'sentinel-segment' })],
      ),
    );

    reader = await TopicReader.start(infra.kafkaBrokers, [
      topics.triggers,
      topics.alerts,
      topics.dlt,
    ]);
    const logger = createLogger({ serviceName: 'lifecycle', level: 'warn' });
    const telemetry = startTelemetry({
      serviceName: 'lifecycle',
      otlpEndpoint: undefined,
      disabled: true,
    });
    app = await NestFactory.create<NestFastifyApplication>(
      LifecycleModule.forRoot({ config, logger, telemetry, definitionsRefreshMs: 200 }),
      new FastifyAdapter(),
      { logger: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter(logger));
    app.enableShutdownHooks();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();

    producer = new Kafka({
      clientId: 'lifecycle-int-spec',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer({
      idempotent: true,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await reader?.stop();
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  function change(
    customerId: string,
    segmentId: string,
    occurredAt: Date,
  ): SegmentMembershipChangedV1 {
    return {
      eventId: `mship-${randomUUID()}`,
      type: SEGMENT_MEMBERSHIP_CHANGED,
      version: 1,
      occurredAt: occurredAt.toISOString(),
      customerId,
      source: 'segmentation',
      correlationId: `corr-${randomUUID()}`,
      payload: {
        segmentId,
        definitionVersion: 1,
        change: 'entered',
        triggeringEventId: `contact-${randomUUID()}`,
        reason: { summary: '2 complaints in 30 days', values: { complaintCount30d: 2 } },
      },
    };
  }

  async function produce(customerId: string, value: unknown): Promise<void> {
    await producer.send({
      topic: topics.membership,
      acks: -1,
      messages: [
        { key: customerId, value: typeof value === 'string' ? value : JSON.stringify(value) },
      ],
    });
  }

  const of = (topic: string, customerId: string, type?: string) => (messages: ReadMessage[]) =>
    messages.filter(
      (m) =>
        m.topic === topic &&
        m.key === customerId &&
        (type === undefined || (m.value as { type?: string }).type === type),
    );

  async function waitForSentinel(customerId: string): Promise<void> {
    await reader.waitFor(
      (messages) =>
        of(
          topics.triggers,
          customerId,
        )(messages).some(
          (m) => (m.value as { payload: { triggerId: string } }).payload.triggerId === 'sentinel',
        ),
      30_000,
      'the sentinel trigger',
    );
  }

  it('one entry raises exactly one alert and one trigger.fired; a redelivered copy and a second entry within the cooldown raise none', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const first = change(customerId, 'repeated-complainers', new Date(Date.now() - 2 * DAY));
    await produce(customerId, first);

    const [alert] = await reader.waitFor(
      (m) => {
        const found = of(topics.alerts, customerId)(m);
        return found.length > 0 ? found : undefined;
      },
      45_000,
      'the attrition alert',
    );
    const alertEvent = alert!.value as {
      eventId: string;
      type: string;
      causationId: string;
      payload: Record<string, unknown>;
    };
    expect(alertEvent).toMatchObject({ type: ATTRITION_ALERT_RAISED, causationId: first.eventId });
    expect(alertEvent.payload).toMatchObject({
      triggerId: 'repeated-complaints',
      severity: 'high',
      valueTier: 'unknown',
      deadline: new Date(Date.parse(first.occurredAt) + 2 * DAY).toISOString(),
    });
    expect(alert!.headers[HEADERS.eventType]).toBe(ATTRITION_ALERT_RAISED);

    // Redelivery of the very same record, then a second entry one day later (inside the 7-day cooldown).
    await produce(customerId, first);
    await produce(
      customerId,
      change(customerId, 'repeated-complainers', new Date(Date.now() - DAY)),
    );
    await produce(customerId, change(customerId, 'sentinel-segment', new Date()));
    await waitForSentinel(customerId);

    expect(of(topics.alerts, customerId)(reader.messages)).toHaveLength(1);
    const fired = of(
      topics.triggers,
      customerId,
      TRIGGER_FIRED,
    )(reader.messages).map(
      (m) => (m.value as { payload: { triggerId: string } }).payload.triggerId,
    );
    expect(fired.sort()).toEqual(['repeated-complaints', 'sentinel']);

    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: `/v1/alerts?customerId=${customerId}` });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      alerts: Array<{ alertId: string; status: string; deadline: string }>;
    }>();
    expect(body.alerts).toEqual([
      expect.objectContaining({
        alertId: alertEvent.payload['alertId'],
        status: 'open',
        deadline: alertEvent.payload['deadline'],
      }),
    ]);
  });

  it("after B is merged into A, B's alert is A's and its cooldown holds for A", async () => {
    const a = `cust-${randomUUID().slice(0, 8)}`;
    const b = `cust-${randomUUID().slice(0, 8)}`;
    await produce(b, change(b, 'repeated-complainers', new Date(Date.now() - 2 * DAY)));
    const [alert] = await reader.waitFor(
      (m) => {
        const found = of(topics.alerts, b)(m);
        return found.length > 0 ? found : undefined;
      },
      45_000,
      "B's attrition alert",
    );
    const alertId = (alert?.value as { payload: { alertId: string } }).payload.alertId;

    const merge = customerMergedEvent({
      eventId: `merge-${randomUUID()}`,
      survivorId: a,
      mergedIds: [b],
    });
    await producer.send({
      topic: topics.merged,
      acks: -1,
      messages: [{ key: a, value: JSON.stringify(merge) }],
    });
    await waitForInbox(app.get<DataSource>(DATA_SOURCE), CUSTOMER_MERGED_CONSUMER, merge.eventId);

    // Inside B's 7-day cooldown: A entering the same segment raises nothing now.
    await produce(a, change(a, 'repeated-complainers', new Date(Date.now() - DAY)));
    await produce(a, change(a, 'sentinel-segment', new Date()));
    await waitForSentinel(a);
    expect(of(topics.alerts, a)(reader.messages)).toHaveLength(0);

    const list = async (customerId: string) =>
      (
        await app
          .getHttpAdapter()
          .getInstance()
          .inject({ method: 'GET', url: `/v1/alerts?customerId=${customerId}` })
      ).json<{ alerts: Array<{ alertId: string }> }>().alerts;
    expect((await list(a)).map((x) => x.alertId)).toEqual([alertId]);
    expect(await list(b)).toEqual([]);
  });

  it('a malformed message goes to the dead-letter topic and does not block the partition', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    await produce(customerId, '{"type":"segment.membership.changed", not json');
    await produce(customerId, change(customerId, 'sentinel-segment', new Date()));
    const dead = await reader.waitFor(
      (m) => of(topics.dlt, customerId)(m)[0],
      45_000,
      'the dead-lettered message',
    );
    expect(dead.headers[HEADERS.deadLetterErrorCode]).toBe('INVALID_MEMBERSHIP_EVENT');
    expect(dead.headers[HEADERS.deadLetterOriginalTopic]).toBe(topics.membership);
    await waitForSentinel(customerId);
    expect(of(topics.alerts, customerId)(reader.messages)).toHaveLength(0);
  });

  it('GET /v1/alerts without a valid customerId is a 400 problem', async () => {
    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/v1/alerts?customerId=bad%20id' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'INVALID_CUSTOMER_ID' });
  });
});

async function withPg<T>(config: ServiceConfig, work: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: config.database.url });
  await pg.connect();
  try {
    return await work(pg);
  } finally {
    await pg.end();
  }
}
