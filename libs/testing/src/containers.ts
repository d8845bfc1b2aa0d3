import type { TestInfra } from './config/test-infra.config';

interface Stoppable {
  stop(): Promise<unknown>;
}

const started: Stoppable[] = [];

/** Starts throwaway Kafka (KRaft), Postgres and Redis containers with the local stack's settings. */
export async function startContainers(): Promise<TestInfra> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [kafka, postgres, redis] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0')
      .withKraft()
      .withEnvironment({
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .start(),
    new PostgreSqlContainer('postgres:17-alpine').withDatabase('test').start(),
    new RedisContainer('redis:7-alpine').start(),
  ]);
  started.push(kafka, postgres, redis);
  // Containers outlive the globalSetup module; teardown finds them here.
  (globalThis as { __cipContainers?: Stoppable[] }).__cipContainers = started;
  return {
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    databaseUrl: postgres.getConnectionUri(),
    redisUrl: redis.getConnectionUrl(),
  };
}

export async function stopContainers(): Promise<void> {
  const containers = (globalThis as { __cipContainers?: Stoppable[] }).__cipContainers ?? [];
  await Promise.all(containers.map((container) => container.stop()));
}
