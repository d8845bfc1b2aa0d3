import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  ALERT_STATUS_CHANGED,
  alertStatusChangedV1Schema,
  HEADERS,
  TOPICS,
  topicName,
  type AlertStatusChangedV1,
} from '@cip/contracts';
import { TransitionAlertUseCase } from '@cip/lifecycle-domain';
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
  type ReadMessage,
} from '@cip/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LIFECYCLE_STATUS_BY_CODE, LifecycleModule } from '../lifecycle.module';
import { AlertExpirySweeper } from './alert-expiry.sweeper';
import type { OutboxRelay } from '@cip/persistence';
import { ALERT_STATUS_OUTBOX_RELAY } from './alert-workflow.tokens';
import { PostgresAlertWorkflowStore } from './postgres-alert-workflow.store';

const HOUR = 3_600_000;

/**
 * alert.status.changed end to end on real Postgres and Kafka: every transition (by a person or
 * the expiry sweep) is queued in lifecycle's outbox with the status change and relayed to the
 * `alert-status` topic, keyed by customer, in order.
 */
describe('lifecycle: alert workflow → alert.status.changed', () => {
  const infra = testInfra();
  const isolation = newIsolation('alertstatus');
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let reader: TopicReader;
  let statusTopic: string;
  const now = new Date('2025-06-02T12:00:00.000Z');

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true' }),
    );
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    await runMigrations('lifecycle', config);
    statusTopic = topicName(isolation.topicPrefix, TOPICS.alertStatus);
    reader = await TopicReader.start(infra.kafkaBrokers, [statusTopic]);
    const logger = createLogger({ serviceName: 'lifecycle', level: 'warn' });
    const telemetry = startTelemetry({
      serviceName: 'lifecycle',
      otlpEndpoint: undefined,
      disabled: true,
    });
    app = await NestFactory.create<NestFastifyApplication>(
      LifecycleModule.forRoot({
        config,
        logger,
        telemetry,
        clock: { now: () => now },
        alertExpirySweepMs: 0,
      }),
      new FastifyAdapter(),
      { logger: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter(logger, LIFECYCLE_STATUS_BY_CODE));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    dataSource = app.get<DataSource>(DATA_SOURCE);
  });

  afterAll(async () => {
    await reader?.stop();
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  async function seed(deadline: Date = new Date(now.getTime() + 72 * HOUR)) {
    const alertId = `alert-${randomUUID()}`;
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    await dataSource.query(
      `INSERT INTO alert (alert_id, customer_id, trigger_id, severity, status, reason, evidence,
         suggested_strategy, value_tier, raised_at, deadline, caused_by_event_id)
       VALUES ($1, $2, 'repeated-complaints', 'high', 'open', 'test', '{}'::jsonb, 'call',
         'unknown', $3, $4, $5)`,
      [alertId, customerId, new Date(now.getTime() - HOUR), deadline, `cause-${alertId}`],
    );
    return { alertId, customerId };
  }

  const transition = (alertId: string, body: Record<string, unknown>) =>
    app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: `/v1/alerts/${alertId}/transitions`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });

  const eventsOf = (alertId: string): ReadMessage[] =>
    reader
      .on(statusTopic)
      .filter((m) => alertStatusChangedV1Schema.parse(m.value).payload.alertId === alertId);

  const waitForEvents = (alertId: string, count: number) =>
    reader.waitFor(
      () => {
        const found = eventsOf(alertId);
        return found.length >= count ? found : undefined;
      },
      30_000,
      `${count} alert.status.changed of ${alertId}`,
    );

  const outboxRowsOf = async (alertId: string) =>
    (await dataSource.query(
      `SELECT event_id, topic, message_key, event_type, value FROM outbox_message
       WHERE value->'payload'->>'alertId' = $1 ORDER BY id`,
      [alertId],
    )) as Array<{
      event_id: string;
      topic: string;
      message_key: string;
      event_type: string;
      value: AlertStatusChangedV1;
    }>;

  it('publishes every step a person takes, in order, keyed by the customer, and empties the outbox', async () => {
    const { alertId, customerId } = await seed();
    expect((await transition(alertId, { to: 'acknowledged', actor: 'sup-3' })).statusCode).toBe(
      200,
    );
    expect((await transition(alertId, { to: 'actioned', actor: 'agent-17' })).statusCode).toBe(200);
    const resolved = await transition(alertId, {
      to: 'resolved',
      actor: 'agent-17',
      outcome: 'saved',
      note: 'credit accepted',
    });
    expect(resolved.statusCode).toBe(200);

    const messages = await waitForEvents(alertId, 3);
    expect(messages).toHaveLength(3);
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
    for (const m of messages) {
      expect(m.key).toBe(customerId);
      expect(m.headers[HEADERS.eventType]).toBe(ALERT_STATUS_CHANGED);
      expect(m.headers[HEADERS.schemaVersion]).toBe('1');
    }
    const events = messages.map((m) => alertStatusChangedV1Schema.parse(m.value));
    expect(events.map((e) => [e.payload.from, e.payload.to, e.payload.alertVersion])).toEqual([
      ['open', 'acknowledged', 2],
      ['acknowledged', 'actioned', 3],
      ['actioned', 'resolved', 4],
    ]);
    expect(events[2]).toMatchObject({
      customerId,
      source: 'lifecycle',
      occurredAt: now.toISOString(),
      payload: { outcome: 'saved', actor: 'agent-17', note: 'credit accepted', severity: 'high' },
    });
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);

    // Stopping waits for the drain in flight: after it, what was published is deleted.
    await relay().stop();
    expect(await outboxRowsOf(alertId)).toEqual([]);
    relay().start();
  });

  it("publishes the expiry sweep's transitions", async () => {
    const due = await seed(new Date(now.getTime() - 1));
    const notDue = await seed();
    expect(await app.get(AlertExpirySweeper).sweepOnce()).toBeGreaterThanOrEqual(1);

    const [message] = await waitForEvents(due.alertId, 1);
    expect(message?.key).toBe(due.customerId);
    expect(alertStatusChangedV1Schema.parse(message?.value).payload).toMatchObject({
      from: 'open',
      to: 'expired',
      outcome: null,
      actor: 'system:expiry-sweep',
      alertVersion: 2,
    });

    // A later event of the not-due alert's customer proves nothing was published for it before.
    expect((await transition(notDue.alertId, { to: 'acknowledged', actor: 'a' })).statusCode).toBe(
      200,
    );
    const notDueEvents = await waitForEvents(notDue.alertId, 1);
    expect(notDueEvents.map((m) => alertStatusChangedV1Schema.parse(m.value).payload.to)).toEqual([
      'acknowledged',
    ]);
  });

  it('publishes nothing for a refused transition', async () => {
    const { alertId } = await seed();
    const refused = await transition(alertId, { to: 'resolved', actor: 'a', outcome: 'saved' });
    expect(refused.statusCode).toBe(409);
    expect(await outboxRowsOf(alertId)).toEqual([]);

    expect((await transition(alertId, { to: 'acknowledged', actor: 'a' })).statusCode).toBe(200);
    const events = (await waitForEvents(alertId, 1)).map((m) =>
      alertStatusChangedV1Schema.parse(m.value),
    );
    // Same partition, in order: a refused step would have been published before this one.
    expect(events.map((e) => [e.payload.to, e.payload.alertVersion])).toEqual([
      ['acknowledged', 2],
    ]);
  });

  it('queues the event in the same transaction as the status change; the relay publishes it later', async () => {
    // The module's relay is stopped and this store does not wake it: the row waits in the
    // outbox, as after a crash between commit and publish.
    await relay().stop();
    const { alertId, customerId } = await seed();
    const useCase = new TransitionAlertUseCase({
      store: new PostgresAlertWorkflowStore(dataSource),
      clock: { now: () => now },
    });
    const applied = await useCase.execute(alertId, { to: 'acknowledged', actor: 'sup-3' });

    const [row, ...more] = await outboxRowsOf(alertId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      topic: TOPICS.alertStatus,
      message_key: customerId,
      event_type: ALERT_STATUS_CHANGED,
      value: { type: ALERT_STATUS_CHANGED, payload: { alertId, to: 'acknowledged' } },
    });
    const [history] = (await dataSource.query(
      `SELECT version FROM alert_transition WHERE alert_id = $1`,
      [alertId],
    )) as Array<{ version: number }>;
    expect(history?.version).toBe(applied.transition.version);

    await relay().drainAll();
    expect(await outboxRowsOf(alertId)).toEqual([]);
    const [message] = await waitForEvents(alertId, 1);
    expect(message?.value).toEqual(row?.value);
    expect(alertStatusChangedV1Schema.parse(message?.value).eventId).toBe(row?.event_id);
    relay().start();
  });

  const relay = () => app.get<OutboxRelay>(ALERT_STATUS_OUTBOX_RELAY);
});
