import { randomBytes } from 'node:crypto';

/**
 * Names that keep one test run apart from every other on shared infrastructure, so tests can be
 * rerun with no clean-up: topics, consumer groups, Redis keys and Postgres schemas all carry it.
 */
export interface Isolation {
  id: string;
  topicPrefix: string;
  consumerGroupPrefix: string;
  redisKeyPrefix: string;
  schemaPrefix: string;
}

export function newIsolation(label: string): Isolation {
  const safeLabel =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 12) || 't';
  const id = `${safeLabel}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return {
    id,
    topicPrefix: `t-${id}-`,
    consumerGroupPrefix: `t-${id}`,
    redisKeyPrefix: `t:${id}:`,
    schemaPrefix: `t_${id}_`,
  };
}

/** Environment for a service process (or in-process config) bound to this isolation. */
export function serviceEnv(
  infra: { kafkaBrokers: string[]; databaseUrl: string; redisUrl: string },
  isolation: Isolation,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: isolation.topicPrefix,
    KAFKA_CONSUMER_GROUP_PREFIX: isolation.consumerGroupPrefix,
    REDIS_URL: infra.redisUrl,
    REDIS_KEY_PREFIX: isolation.redisKeyPrefix,
    DATABASE_URL: infra.databaseUrl,
    DATABASE_SCHEMA_PREFIX: isolation.schemaPrefix,
    OTEL_SDK_DISABLED: 'false',
    ...extra,
  };
}
