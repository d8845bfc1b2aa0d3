import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  ATTRITION_ALERT_RAISED,
  TOPICS,
  topicName,
  type AttritionAlertRaisedV1,
} from '@cip/contracts';
import { DATA_SOURCE } from '@cip/persistence';
import {
  INBOX_PRUNE_SCHEDULER,
  ProblemDetailsFilter,
  type RetentionPruneScheduler,
} from '@cip/service-kit';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
  customerMergedEvent,
  newIsolation,
  removeIsolation,
  seedInboxRetentionProbe,
  serviceEnv,
  testInfra,
  waitForInbox,
} from '@cip/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { NBA_STATUS_BY_CODE, NbaModule } from '../nba.module';
import {
  ATTRITION_ALERTS_CONSUMER,
  CLOSED_ALERT_PRUNE_SCHEDULER,
  CUSTOMER_MERGED_CONSUMER,
} from '../nba.tokens';

interface NextBestActionBody {
  customerId: string;
  action: { actionId: string; kind: string; channel: string; script: string; name: string };
  reason: {
    alertId: string;
    triggerId: string;
    severity: string;
    suggestedStrategy: string;
  } | null;
  decidedAt: string;
}

/** Real Kafka, Redis and Postgres; the Nest module booted in-process on its own isolation slice. */
describe('nba: attrition-alerts → GET next-best-action', () => {
  const infra = testInfra();
  const isolation = newIsolation('nba');
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    config = loadServiceConfig('nba', serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true' }));
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    const logger = createLogger({ serviceName: 'nba', level: 'warn' });
    const telemetry = startTelemetry({
      serviceName: 'nba',
      otlpEndpoint: undefined,
      disabled: true,
    });
    app = await NestFactory.create<NestFastifyApplication>(
      NbaModule.forRoot({ config, logger, telemetry, runMigrations: true, catalogRefreshMs: 200 }),
      new FastifyAdapter(),
      { logger: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter(logger, NBA_STATUS_BY_CODE));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    producer = new Kafka({
      clientId: 'nba-int-spec',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer({
      idempotent: true,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  const get = (customerId: string) =>
    app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: `/v1/customers/${customerId}/next-best-action` });

  function alert(customerId: string): AttritionAlertRaisedV1 {
    const raisedAt = new Date(Date.now() - 60_000);
    return {
      eventId: `attrition-alert-raised-${randomUUID()}`,
      type: ATTRITION_ALERT_RAISED,
      version: 1,
      occurredAt: raisedAt.toISOString(),
      customerId,
      source: 'lifecycle',
      payload: {
        alertId: `alert-${randomUUID()}`,
        triggerId: 'repeated-complaints',
        reason: 'Customer entered the repeated-complainers segment',
        severity: 'high',
        valueTier: 'unknown',
        suggestedStrategy: 'call within 48 hours: serve before selling',
        deadline: new Date(raisedAt.getTime() + 48 * 3_600_000).toISOString(),
        evidence: { complaintCount30d: 2 },
      },
    };
  }

  it('a customer without alerts gets the default nurture action', async () => {
    const response = await get(`cust-${randomUUID().slice(0, 8)}`);
    expect(response.statusCode).toBe(200);
    const body = response.json<NextBestActionBody>();
    expect(body.action).toMatchObject({ actionId: 'nurture-newsletter', kind: 'nurture' });
    expect(body.reason).toBeNull();
    expect(Number.isNaN(Date.parse(body.decidedAt))).toBe(false);
  });

  it('an alert on attrition-alerts makes the retention action the answer, with the alert as reason (a duplicate changes nothing)', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const event = alert(customerId);
    const record = { key: customerId, value: JSON.stringify(event) };
    await producer.send({
      topic: topicName(isolation.topicPrefix, TOPICS.attritionAlerts),
      acks: -1,
      messages: [record, record],
    });

    const body = await eventually(async () => {
      const candidate = (await get(customerId)).json<NextBestActionBody>();
      return candidate.reason ? candidate : undefined;
    });
    expect(body.action).toMatchObject({
      actionId: 'retention-call-apology-credit',
      kind: 'retention',
      channel: 'phone',
    });
    expect(body.reason).toEqual({
      alertId: event.payload.alertId,
      triggerId: 'repeated-complaints',
      severity: 'high',
      suggestedStrategy: event.payload.suggestedStrategy,
    });
    const rows = await app
      .get<DataSource>(DATA_SOURCE)
      .query(`SELECT alert_id FROM "${config.database.schema}".open_alert WHERE customer_id = $1`, [
        customerId,
      ]);
    expect(rows).toHaveLength(1);
  });

  it("after B is merged into A, A's next-best-action answers B's open alert", async () => {
    const a = `cust-${randomUUID().slice(0, 8)}`;
    const b = `cust-${randomUUID().slice(0, 8)}`;
    const event = alert(b);
    await producer.send({
      topic: topicName(isolation.topicPrefix, TOPICS.attritionAlerts),
      acks: -1,
      messages: [{ key: b, value: JSON.stringify(event) }],
    });
    const dataSource = app.get<DataSource>(DATA_SOURCE);
    await waitForInbox(dataSource, ATTRITION_ALERTS_CONSUMER, event.eventId);
    expect((await get(a)).json<NextBestActionBody>().reason).toBeNull();

    const merge = customerMergedEvent({
      eventId: `merge-${randomUUID()}`,
      survivorId: a,
      mergedIds: [b],
    });
    await producer.send({
      topic: topicName(isolation.topicPrefix, TOPICS.customerMerged),
      acks: -1,
      messages: [{ key: a, value: JSON.stringify(merge) }],
    });
    await waitForInbox(dataSource, CUSTOMER_MERGED_CONSUMER, merge.eventId);

    expect((await get(a)).json<NextBestActionBody>()).toMatchObject({
      action: { kind: 'retention' },
      reason: { alertId: event.payload.alertId },
    });
    expect((await get(b)).json<NextBestActionBody>().reason).toBeNull();
  });

  it('a malformed customer id is a 400 problem', async () => {
    const response = await get('bad%20id');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'INVALID_CUSTOMER_ID',
      errors: [expect.objectContaining({ path: '/customerId' })],
    });
  });

  it('prunes inbox rows past INBOX_RETENTION_DAYS (default 8) and keeps newer ones', async () => {
    const probe = await seedInboxRetentionProbe(app.get<DataSource>(DATA_SOURCE));
    expect(await app.get<RetentionPruneScheduler>(INBOX_PRUNE_SCHEDULER).pruneOnce()).toBe(1);
    expect(await probe.remaining()).toEqual(['kept']);
  });

  it('prunes closed-alert markers past the same retention and keeps newer ones', async () => {
    const dataSource = app.get<DataSource>(DATA_SOURCE);
    const [expired, kept] = [`alert-expired-${randomUUID()}`, `alert-kept-${randomUUID()}`];
    await dataSource.query(
      `INSERT INTO closed_alert (alert_id, customer_id, status, closed_at)
       VALUES ($1, 'c-1', 'resolved', now() - interval '9 days'),
              ($2, 'c-1', 'expired', now() - interval '7 days')`,
      [expired, kept],
    );
    const pruner = app.get<RetentionPruneScheduler>(CLOSED_ALERT_PRUNE_SCHEDULER);
    expect(await pruner.pruneOnce()).toBeGreaterThanOrEqual(1);
    const left = (await dataSource.query(
      `SELECT alert_id FROM closed_alert WHERE alert_id = ANY($1::text[])`,
      [[expired, kept]],
    )) as Array<{ alert_id: string }>;
    expect(left.map((row) => row.alert_id)).toEqual([kept]);
  });
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
