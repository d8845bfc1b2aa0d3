import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import { TOPICS, topicName } from '@cip/contracts';
import { DATA_SOURCE, runMigrations } from '@cip/persistence';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
  customerMergedEvent,
  newIsolation,
  removeIsolation,
  serviceEnv,
  testInfra,
  waitForInbox,
} from '@cip/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LifecycleModule } from '../lifecycle.module';
import { CUSTOMER_KEYED_STATE_MERGE_CONSUMER } from './customer-keyed-state-merge.consumer';

/** customer.merged through real Kafka into lifecycle's rows keyed by customer id. */
describe('lifecycle: churn score, stage and value profile follow customer merges', () => {
  const infra = testInfra();
  const isolation = newIsolation('lcmerge');
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let producer: Producer;

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true' }),
    );
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    await runMigrations('lifecycle', config);
    app = await NestFactory.create<NestFastifyApplication>(
      LifecycleModule.forRoot({
        config,
        logger: createLogger({ serviceName: 'lifecycle', level: 'warn' }),
        telemetry: startTelemetry({
          serviceName: 'lifecycle',
          otlpEndpoint: undefined,
          disabled: true,
        }),
        alertExpirySweepMs: 0,
      }),
      new FastifyAdapter(),
      { logger: false },
    );
    await app.init();
    dataSource = app.get<DataSource>(DATA_SOURCE);
    producer = new Kafka({
      clientId: 'lifecycle-merge-int-spec',
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

  const id = () => `cust-${randomUUID().slice(0, 8)}`;

  async function score(customerId: string, probability: number): Promise<void> {
    await dataSource.query(
      `INSERT INTO churn_score (customer_id, probability, band, model_version, reasons, as_of, event_id)
       VALUES ($1, $2, 'elevated', 'm1', '[]'::jsonb, now(), $3)`,
      [customerId, probability, `ev-${customerId}`],
    );
  }

  async function stageAndProfile(customerId: string): Promise<void> {
    await dataSource.query(
      `INSERT INTO customer_lifecycle_stage (customer_id, stage, version, since, membership_event_id)
       VALUES ($1, 'established', 3, now(), $2)`,
      [customerId, `m-${customerId}`],
    );
    await dataSource.query(
      `INSERT INTO customer_value_profile (customer_id, value_tier, satisfaction)
       VALUES ($1, 'key', 'low')`,
      [customerId],
    );
    await dataSource.query(
      `INSERT INTO customer_agent_assignment (customer_id, agent_id, profile_version, changed_at)
       VALUES ($1, 'agent-7', 1, now())`,
      [customerId],
    );
  }

  async function merge(survivorId: string, mergedIds: string[]): Promise<void> {
    const event = customerMergedEvent({ eventId: `merge-${randomUUID()}`, survivorId, mergedIds });
    const record = { key: survivorId, value: JSON.stringify(event) };
    await producer.send({
      topic: topicName(isolation.topicPrefix, TOPICS.customerMerged),
      acks: -1,
      messages: [record, record],
    });
    await waitForInbox(dataSource, CUSTOMER_KEYED_STATE_MERGE_CONSUMER, event.eventId);
  }

  const rowsOf = async (table: string, ids: string[]) =>
    (
      (await dataSource.query(
        `SELECT customer_id FROM ${table} WHERE customer_id = ANY($1) ORDER BY customer_id`,
        [ids],
      )) as Array<{ customer_id: string }>
    ).map((row) => row.customer_id);

  it("the survivor takes the highest churn risk of its ids; merged ids' rows go", async () => {
    const [a, b, c] = [id(), id(), id()];
    await score(a, 0.2);
    await score(b, 0.9);
    await score(c, 0.5);
    await stageAndProfile(b);
    await stageAndProfile(a);

    await merge(a, [b, c]);

    expect(
      await dataSource.query(
        `SELECT customer_id, probability, event_id FROM churn_score WHERE customer_id = ANY($1)`,
        [[a, b, c]],
      ),
    ).toEqual([{ customer_id: a, probability: 0.9, event_id: `ev-${b}` }]);
    expect(await rowsOf('customer_lifecycle_stage', [a, b, c])).toEqual([a]);
    expect(await rowsOf('customer_value_profile', [a, b, c])).toEqual([a]);
    expect(await rowsOf('customer_agent_assignment', [a, b, c])).toEqual([a]);
  });

  it('a survivor keeps its own score when it is the highest, and gets one when it had none', async () => {
    const [a, b, d, e] = [id(), id(), id(), id()];
    await score(a, 0.8);
    await score(b, 0.3);
    await merge(a, [b]);
    expect(await rowsOf('churn_score', [a, b])).toEqual([a]);
    expect(
      await dataSource.query(`SELECT probability FROM churn_score WHERE customer_id = $1`, [a]),
    ).toEqual([{ probability: 0.8 }]);

    await score(e, 0.4);
    await stageAndProfile(e);
    await merge(d, [e]);
    expect(await rowsOf('churn_score', [d, e])).toEqual([d]);
    expect(await rowsOf('customer_lifecycle_stage', [d, e])).toEqual([]);
  });
});
