import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CHURN_FEATURE_NAMES } from '@cip/churn-model';
import { consumerGroupId, loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  ATTRITION_ALERT_RAISED,
  contactEventV1Schema,
  deadLetterTopicOf,
  HEADERS,
  TOPICS,
  topicName,
  type ContactEvent,
} from '@cip/contracts';
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
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { LIFECYCLE_STATUS_BY_CODE, LifecycleModule } from '../lifecycle.module';
import { CHURN_RISK_CONSUMER } from './churn-risk.tokens';

const DAY = 86_400_000;

/**
 * A hand-made active model (p = σ(−3 + 1.5 × complaints in 90 days); high band from 0.5, so two
 * complaints cross it) in churn_model, the whole lifecycle module on real Kafka, Redis and
 * Postgres. A last event of the same customer, awaited in the inbox, marks "everything before it
 * on the partition was processed", so "nothing more happened" is asserted without sleeping.
 */
describe('lifecycle: contact events → churn score → churn-risk-high alert', () => {
  const infra = testInfra();
  const isolation = newIsolation('churnrisk');
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let producer: Producer;
  let reader: TopicReader;
  let topics: { contactEvents: string; alerts: string; dlt: string };

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, {
        OTEL_SDK_DISABLED: 'true',
        KAFKA_MAX_HANDLER_ATTEMPTS: '2',
        KAFKA_RETRY_BACKOFF_MS: '50',
      }),
    );
    topics = {
      contactEvents: topicName(isolation.topicPrefix, TOPICS.contactEvents),
      alerts: topicName(isolation.topicPrefix, TOPICS.attritionAlerts),
      dlt: deadLetterTopicOf(topicName(isolation.topicPrefix, TOPICS.contactEvents)),
    };
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    await runMigrations('lifecycle', config);
    await activateHandMadeModel();

    reader = await TopicReader.start(infra.kafkaBrokers, [topics.alerts, topics.dlt]);
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
      clientId: 'churn-risk-int-spec',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer({ idempotent: true });
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await reader?.stop();
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  async function activateHandMadeModel(): Promise<void> {
    const width = CHURN_FEATURE_NAMES.length;
    const artefact = {
      format: 'churn-logistic-regression/v1',
      modelVersion: 'int-hand-made',
      trainedAt: '2026-01-01T00:00:00.000Z',
      featureNames: [...CHURN_FEATURE_NAMES],
      standardisation: { means: Array<number>(width).fill(0), stds: Array<number>(width).fill(1) },
      weights: CHURN_FEATURE_NAMES.map((name) => (name === 'complaintsLast90Days' ? 1.5 : 0)),
      bias: -3,
      training: {
        snapshots: ['2026-01-01T00:00:00.000Z'],
        horizonDays: 60,
        heldOutShare: 0.3,
        l2: 0.01,
        learningRate: 0.5,
        iterations: 1,
        rows: 0,
        positives: 0,
        finalLogLoss: 0,
      },
      metrics: { heldOut: { rows: 0, positives: 0, auc: null, precisionAtTop10Percent: null } },
    };
    const cuts = { high: 0.5, elevated: 0.3, highShare: 0.1, elevatedShare: 0.25 };
    const pg = new Client({ connectionString: config.database.url });
    await pg.connect();
    try {
      await pg.query(
        `INSERT INTO "${config.database.schema}".churn_model (version, trained_at, metrics, artefact, band_cuts, active)
         VALUES ('int-hand-made', now(), $1::jsonb, $2::jsonb, $3::jsonb, true)`,
        [JSON.stringify(artefact.metrics), JSON.stringify(artefact), JSON.stringify(cuts)],
      );
    } finally {
      await pg.end();
    }
  }

  function complaint(customerId: string, at: Date): ContactEvent {
    return contactEventV1Schema.parse({
      eventId: `ce-${randomUUID()}`,
      type: 'complaint.filed',
      version: 1,
      occurredAt: at.toISOString(),
      customerId,
      source: 'int-spec',
      payload: { complaintId: `k-${randomUUID()}`, category: 'billing', severity: 'medium' },
    });
  }

  function visit(customerId: string, at: Date): ContactEvent {
    return contactEventV1Schema.parse({
      eventId: `ce-${randomUUID()}`,
      type: 'visit.completed',
      version: 1,
      occurredAt: at.toISOString(),
      customerId,
      source: 'int-spec',
      payload: { channel: 'web', purpose: 'browse', durationSeconds: 30 },
    });
  }

  async function produce(event: ContactEvent): Promise<void> {
    await producer.send({
      topic: topics.contactEvents,
      acks: -1,
      messages: [{ key: event.customerId, value: JSON.stringify(event) }],
    });
  }

  const churnAlertsOf = (customerId: string) => (messages: ReadMessage[]) =>
    messages.filter(
      (m) =>
        m.topic === topics.alerts &&
        m.key === customerId &&
        (m.value as { payload: { triggerId: string } }).payload.triggerId === 'churn-risk-high',
    );

  async function scoreRow(customerId: string) {
    const [row] = (await app
      .get<DataSource>(DATA_SOURCE)
      .query(
        `SELECT probability, band, model_version, event_id FROM "${config.database.schema}".churn_score WHERE customer_id = $1`,
        [customerId],
      )) as Array<{ probability: number; band: string; model_version: string; event_id: string }>;
    return row;
  }

  it('raises exactly one alert with reason codes when the score crosses into the high band; redelivery changes nothing', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    const first = complaint(customerId, new Date(now - 20 * DAY));
    const crossing = complaint(customerId, new Date(now - 10 * DAY));
    await produce(first);
    await produce(crossing);

    const [alert] = await reader.waitFor(
      (m) => {
        const found = churnAlertsOf(customerId)(m);
        return found.length > 0 ? found : undefined;
      },
      45_000,
      'the churn-risk-high alert',
    );
    const alertEvent = alert!.value as {
      type: string;
      causationId: string;
      payload: { alertId: string; severity: string; evidence: Record<string, unknown> };
    };
    expect(alertEvent).toMatchObject({
      type: ATTRITION_ALERT_RAISED,
      causationId: crossing.eventId,
    });
    expect(alertEvent.payload.severity).toBe('high');
    expect(alertEvent.payload.evidence).toMatchObject({
      churnBand: 'high',
      modelVersion: 'int-hand-made',
      reason1: 'Complaints in the last 90 days',
      reason1Feature: 'complaintsLast90Days',
    });
    expect(alertEvent.payload.evidence['churnScore']).toBeCloseTo(0.5, 3);

    // Still high (no new alert), the crossing event redelivered, then a marker to wait for.
    await produce(complaint(customerId, new Date(now - 5 * DAY)));
    await produce(crossing);
    const marker = visit(customerId, new Date(now - DAY));
    await produce(marker);
    const dataSource = app.get<DataSource>(DATA_SOURCE);
    await waitForInbox(dataSource, CHURN_RISK_CONSUMER, marker.eventId);

    expect(churnAlertsOf(customerId)(reader.messages)).toHaveLength(1);
    const alertRows = (await dataSource.query(
      `SELECT alert_id, evidence FROM "${config.database.schema}".alert WHERE customer_id = $1 AND trigger_id = 'churn-risk-high'`,
      [customerId],
    )) as Array<{ alert_id: string; evidence: Record<string, unknown> }>;
    expect(alertRows).toEqual([
      expect.objectContaining({
        alert_id: alertEvent.payload.alertId,
        evidence: expect.objectContaining({ reason1Feature: 'complaintsLast90Days' }),
      }),
    ]);
    const history = (await dataSource.query(
      `SELECT count(*)::int AS n FROM "${config.database.schema}".churn_event_history WHERE customer_id = $1`,
      [customerId],
    )) as Array<{ n: number }>;
    expect(history[0]?.n).toBe(4);
    const score = await scoreRow(customerId);
    expect(score).toMatchObject({
      band: 'high',
      model_version: 'int-hand-made',
      event_id: marker.eventId,
    });
    expect(score?.probability).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 6);

    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: `/v1/customers/${customerId}/churn-risk` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      customerId,
      band: 'high',
      modelVersion: 'int-hand-made',
      reasons: [
        {
          code: 'complaintsLast90Days',
          label: 'Complaints in the last 90 days',
          value: 3,
        },
      ],
    });
  }, 90_000);

  it('sends a poison message to the dead-letter topic under its own consumer group and goes on', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    await producer.send({
      topic: topics.contactEvents,
      acks: -1,
      messages: [{ key: customerId, value: '{"not":"a contact event"' }],
    });
    const group = consumerGroupId(config, 'churn-risk');
    await reader.waitFor(
      (messages) =>
        messages.some(
          (m) =>
            m.topic === topics.dlt &&
            m.key === customerId &&
            m.headers[HEADERS.deadLetterConsumerGroup] === group,
        ) || undefined,
      45_000,
      'the dead-lettered poison message',
    );
    const next = visit(customerId, new Date());
    await produce(next);
    await waitForInbox(app.get<DataSource>(DATA_SOURCE), CHURN_RISK_CONSUMER, next.eventId);
  }, 90_000);

  it('answers 404 for a customer never scored', async () => {
    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/v1/customers/cust-never-${randomUUID().slice(0, 8)}/churn-risk`,
      });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'CHURN_RISK_NOT_SCORED' });
  });
});
