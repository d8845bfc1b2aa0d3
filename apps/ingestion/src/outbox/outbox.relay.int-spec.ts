import { loadServiceConfig } from '@cip/config';
import {
  CUSTOMER_PROFILE_CHANGED,
  TOPICS,
  topicName,
  type CustomerProfileChangedV1,
} from '@cip/contracts';
import { createKafkaBus, type KafkaBus } from '@cip/kafka';
import {
  createDataSource,
  OutboxMessageEntity,
  OutboxRelay,
  qualifiedTableName,
  runMigrations,
} from '@cip/persistence';
import { createLogger } from '@cip/telemetry';
import {
  createTopics,
  deleteTopics,
  newIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
} from '@cip/testing';
import type { DataSource } from 'typeorm';
import { enqueueOutboxEvent } from './outbox.writer';

jest.setTimeout(60_000);

const infra = testInfra();
const isolation = newIsolation('outbox');
// Generous: the first send to a just-created topic fetches metadata, slow on a loaded CI machine.
const env = serviceEnv(infra, isolation, {
  LOG_LEVEL: 'silent',
  KAFKA_PRODUCE_TIMEOUT_MS: '15000',
});
const config = loadServiceConfig('ingestion', env);
const logger = createLogger({ serviceName: 'ingestion', level: 'silent' });
const topic = topicName(config.kafka.topicPrefix, TOPICS.customerProfileChanged);

let dataSource: DataSource;
let bus: KafkaBus;
let reader: TopicReader;

function changed(customerId: string, profileVersion: number): CustomerProfileChangedV1 {
  return {
    eventId: `profile-${customerId}-${profileVersion}`,
    type: CUSTOMER_PROFILE_CHANGED,
    version: 1,
    occurredAt: new Date().toISOString(),
    customerId,
    source: 'test',
    payload: {
      profileVersion,
      changes: [{ field: '/kind', value: 'person' }],
      changedBy: { actor: 'tester', via: 'api' },
    },
  };
}

async function enqueue(...events: CustomerProfileChangedV1[]): Promise<void> {
  const table = qualifiedTableName(dataSource, OutboxMessageEntity);
  await dataSource.transaction(async (manager) => {
    for (const event of events) await enqueueOutboxEvent(manager, table, event);
  });
}

const pending = async (): Promise<number> =>
  ((await dataSource.query(`SELECT count(*)::int AS n FROM outbox_message`)) as { n: number }[])[0]
    ?.n ?? -1;

/**
 * What the relay's poll does in production: a failed drain is retried. Fresh topics on a busy
 * shared broker sometimes refuse the first produce (leader not yet known).
 */
async function drainWithRetries(relay: OutboxRelay, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await relay.drainAll();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

beforeAll(async () => {
  await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
  await runMigrations('ingestion', config);
  dataSource = await createDataSource('ingestion', config, { poolSize: 4 }).initialize();
  bus = createKafkaBus(config.kafka, logger);
  reader = await TopicReader.start(infra.kafkaBrokers, [topic]);
});

afterAll(async () => {
  await reader?.stop();
  await bus?.close();
  await dataSource?.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
  await dataSource?.destroy();
  await deleteTopics(infra.kafkaBrokers, isolation.topicPrefix);
});

describe('OutboxRelay', () => {
  it('keeps events while Kafka is unreachable and publishes them, in order, once it is back', async () => {
    await enqueue(changed('cust-1', 1), changed('cust-1', 2), changed('cust-2', 1));

    const downConfig = loadServiceConfig('ingestion', {
      ...env,
      KAFKA_BROKERS: '127.0.0.1:1',
      KAFKA_PRODUCE_TIMEOUT_MS: '500',
    });
    const downBus = createKafkaBus(downConfig.kafka, logger, { connectionTimeoutMs: 200 });
    try {
      const stranded = new OutboxRelay(dataSource, downBus.publisher, logger, {
        topicPrefix: config.kafka.topicPrefix,
      });
      await expect(stranded.drainAll()).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
      expect(await pending()).toBe(3);
    } finally {
      await downBus.close();
    }

    const relay = new OutboxRelay(dataSource, bus.publisher, logger, {
      topicPrefix: config.kafka.topicPrefix,
      batchSize: 2,
    });
    await drainWithRetries(relay);
    expect(await pending()).toBe(0);
    const records = await reader.waitFor((messages) =>
      messages.length >= 3 ? messages : undefined,
    );
    const ofCustomer1 = records.filter((m) => m.key === 'cust-1');
    expect(
      ofCustomer1.map((m) => (m.value as CustomerProfileChangedV1).payload.profileVersion),
    ).toEqual([1, 2]);
    expect(ofCustomer1[0]?.headers['cip-event-type']).toBe(CUSTOMER_PROFILE_CHANGED);
    expect(records.map((m) => m.key).sort()).toEqual(['cust-1', 'cust-1', 'cust-2']);
  });

  it('publishes what is queued while it runs, and stops cleanly', async () => {
    const relay = new OutboxRelay(dataSource, bus.publisher, logger, {
      topicPrefix: config.kafka.topicPrefix,
      pollIntervalMs: 500,
    });
    relay.start();
    await enqueue(changed('cust-3', 1));
    relay.notify();
    await reader.waitFor((messages) => messages.find((m) => m.key === 'cust-3'));
    await relay.stop();
    expect(await pending()).toBe(0);
  });
});
