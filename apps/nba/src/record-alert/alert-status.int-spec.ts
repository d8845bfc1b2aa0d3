import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  ALERT_STATUS_CHANGED,
  ATTRITION_ALERT_RAISED,
  TOPICS,
  topicName,
  type AlertStatusChangedV1,
  type AlertWorkflowStatus,
  type AttritionAlertRaisedV1,
} from '@cip/contracts';
import { DATA_SOURCE } from '@cip/persistence';
import { ProblemDetailsFilter } from '@cip/service-kit';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  serviceEnv,
  testInfra,
  waitForInbox,
} from '@cip/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { NBA_STATUS_BY_CODE, NbaModule } from '../nba.module';
import { ALERT_STATUS_CONSUMER, ATTRITION_ALERTS_CONSUMER } from '../nba.tokens';

interface NextBestActionBody {
  action: { actionId: string; kind: string };
  reason: { alertId: string } | null;
}

/** Real Kafka, Redis and Postgres: alert.status.changed closes nba's copy of the alert. */
describe('nba: alert-status → a closed alert stops driving the next-best-action', () => {
  const infra = testInfra();
  const isolation = newIsolation('nbastatus');
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
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
    dataSource = app.get<DataSource>(DATA_SOURCE);
    producer = new Kafka({
      clientId: 'nba-alert-status-int-spec',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  const get = async (customerId: string) =>
    (
      await app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url: `/v1/customers/${customerId}/next-best-action` })
    ).json<NextBestActionBody>();

  function raised(customerId: string, alertId: string): AttritionAlertRaisedV1 {
    const raisedAt = new Date(Date.now() - 60_000);
    return {
      eventId: `attrition-alert-raised-${randomUUID()}`,
      type: ATTRITION_ALERT_RAISED,
      version: 1,
      occurredAt: raisedAt.toISOString(),
      customerId,
      source: 'lifecycle',
      payload: {
        alertId,
        triggerId: 'repeated-complaints',
        reason: 'Customer entered the repeated-complainers segment',
        severity: 'high',
        valueTier: 'unknown',
        suggestedStrategy: 'call within 48 hours: serve before selling',
        deadline: new Date(raisedAt.getTime() + 48 * 3_600_000).toISOString(),
        evidence: {},
      },
    };
  }

  function statusChanged(
    customerId: string,
    alertId: string,
    from: AlertWorkflowStatus,
    to: AlertWorkflowStatus,
    alertVersion: number,
  ): AlertStatusChangedV1 {
    const at = new Date().toISOString();
    return {
      eventId: `alert-status-changed-${randomUUID()}`,
      type: ALERT_STATUS_CHANGED,
      version: 1,
      occurredAt: at,
      customerId,
      source: 'lifecycle',
      payload: {
        alertId,
        triggerId: 'repeated-complaints',
        severity: 'high',
        from,
        to,
        alertVersion,
        outcome: to === 'resolved' ? 'saved' : null,
        actor: to === 'expired' ? 'system:expiry-sweep' : 'agent-17',
        note: null,
        at,
      },
    };
  }

  async function send(
    base: typeof TOPICS.attritionAlerts | typeof TOPICS.alertStatus,
    event: {
      customerId: string;
    },
    copies = 1,
  ) {
    const record = { key: event.customerId, value: JSON.stringify(event) };
    await producer.send({
      topic: topicName(isolation.topicPrefix, base),
      acks: -1,
      messages: Array.from({ length: copies }, () => record),
    });
  }

  const newIds = () => ({
    customerId: `cust-${randomUUID().slice(0, 8)}`,
    alertId: `alert-${randomUUID()}`,
  });

  async function raise(customerId: string, alertId: string): Promise<void> {
    const event = raised(customerId, alertId);
    await send(TOPICS.attritionAlerts, event);
    await waitForInbox(dataSource, ATTRITION_ALERTS_CONSUMER, event.eventId);
  }

  async function change(event: AlertStatusChangedV1, copies = 1): Promise<void> {
    await send(TOPICS.alertStatus, event, copies);
    await waitForInbox(dataSource, ALERT_STATUS_CONSUMER, event.eventId);
  }

  it('a resolved alert no longer drives the decision and leaves open_alert (a copy changes nothing)', async () => {
    const { customerId, alertId } = newIds();
    await raise(customerId, alertId);
    expect(await get(customerId)).toMatchObject({
      action: { kind: 'retention' },
      reason: { alertId },
    });

    await change(statusChanged(customerId, alertId, 'actioned', 'resolved', 4), 2);

    expect(await get(customerId)).toMatchObject({ action: { kind: 'nurture' }, reason: null });
    expect(
      await dataSource.query(`SELECT 1 FROM open_alert WHERE alert_id = $1`, [alertId]),
    ).toEqual([]);
    expect(
      await dataSource.query(`SELECT status FROM closed_alert WHERE alert_id = $1`, [alertId]),
    ).toEqual([{ status: 'resolved' }]);
  });

  it('an acknowledged or actioned alert still drives it; the other open alert takes over once one expires', async () => {
    const { customerId, alertId } = newIds();
    const other = `alert-${randomUUID()}`;
    await raise(customerId, alertId);
    await raise(customerId, other);
    // Non-final steps write nothing; the final step of `other` behind them on the customer's
    // partition tells when they were handled.
    await send(TOPICS.alertStatus, statusChanged(customerId, alertId, 'open', 'acknowledged', 2));
    await send(
      TOPICS.alertStatus,
      statusChanged(customerId, alertId, 'acknowledged', 'actioned', 3),
    );
    await change(statusChanged(customerId, other, 'open', 'expired', 2));
    expect((await get(customerId)).reason).toEqual(expect.objectContaining({ alertId }));

    await change(statusChanged(customerId, alertId, 'actioned', 'resolved', 4));
    expect((await get(customerId)).reason).toBeNull();
  });

  it('a close that arrives before its raise wins', async () => {
    const { customerId, alertId } = newIds();
    await change(statusChanged(customerId, alertId, 'open', 'expired', 2));
    await raise(customerId, alertId);
    expect((await get(customerId)).reason).toBeNull();
  });
});
