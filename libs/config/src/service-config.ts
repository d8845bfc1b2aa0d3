import type { z } from 'zod';
import { ConfigError } from './config-error';
import { commonEnvSchema } from './env-schema';
import { DEVELOPMENT_NATIONAL_ID_HASH_SECRET } from './national-id-secret';

export type ServiceName = 'ingestion' | 'segmentation' | 'lifecycle' | 'nba';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  ingestion: 3001,
  segmentation: 3002,
  lifecycle: 3003,
  nba: 3004,
};

export interface ServiceConfig {
  serviceName: ServiceName;
  environment: 'development' | 'test' | 'production';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  http: { host: string; port: number; apiKeysRequired: boolean };
  kafka: {
    brokers: string[];
    clientId: string;
    topicPrefix: string;
    consumerGroupPrefix: string;
    maxHandlerAttempts: number;
    retryBackoffMs: number;
    produceTimeoutMs: number;
    commitIntervalMs: number;
  };
  redis: { url: string; keyPrefix: string };
  database: { url: string; schema: string; poolSize: number };
  telemetry: { otlpEndpoint: string | undefined; disabled: boolean };
  shutdownTimeoutMs: number;
  identity: { defaultCallingCode: string; nationalIdHashSecret: string };
  /** Housekeeping of stored state that only grows otherwise. */
  retention: {
    /** lifecycle: settled absence timers. */
    absenceTimerDays: number;
    absenceTimerPruneIntervalMs: number;
    /** Services with an inbox (processed_event): segmentation, lifecycle, nba. */
    inboxDays: number;
    inboxPruneIntervalMs: number;
  };
  /** segmentation: the work this instance takes on (SEGMENTATION_WORKLOADS). */
  segmentation: {
    workloads: ReadonlySet<SegmentationWorkload>;
    /** SEGMENTATION_SMALL_BATCH_LINGER_MS. */
    smallBatchLingerMs: number;
    /** SEGMENTATION_JOURNAL_GATHER_MS. */
    journalGatherMs: number;
  };
}

export type SegmentationWorkload = 'events' | 'timers' | 'backfill';

type Env = Record<string, string | undefined>;

/** Reads and validates the environment once, naming every problem at once. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export function loadServiceConfig(serviceName: ServiceName, env: Env = process.env): ServiceConfig {
  const e = parseEnv(commonEnvSchema, env);
  if (e.NODE_ENV === 'production' && e.API_KEYS_REQUIRED === false) {
    throw new ConfigError(['API_KEYS_REQUIRED: cannot be false when NODE_ENV=production']);
  }
  return {
    serviceName,
    environment: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: {
      host: e.HTTP_HOST,
      port: e.PORT ?? DEFAULT_PORTS[serviceName],
      apiKeysRequired: e.API_KEYS_REQUIRED ?? e.NODE_ENV === 'production',
    },
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: `cip-${serviceName}`,
      topicPrefix: e.KAFKA_TOPIC_PREFIX,
      consumerGroupPrefix: e.KAFKA_CONSUMER_GROUP_PREFIX,
      maxHandlerAttempts: e.KAFKA_MAX_HANDLER_ATTEMPTS,
      retryBackoffMs: e.KAFKA_RETRY_BACKOFF_MS,
      produceTimeoutMs: e.KAFKA_PRODUCE_TIMEOUT_MS,
      commitIntervalMs: e.KAFKA_COMMIT_INTERVAL_MS,
    },
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX },
    // Each service owns one Postgres schema; no service reads another's tables.
    database: {
      url: e.DATABASE_URL,
      schema: `${e.DATABASE_SCHEMA_PREFIX}${serviceName}`,
      poolSize: e.DATABASE_POOL_SIZE,
    },
    telemetry: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, disabled: e.OTEL_SDK_DISABLED },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    identity: {
      defaultCallingCode: e.IDENTITY_DEFAULT_CALLING_CODE,
      nationalIdHashSecret: e.NATIONAL_ID_HASH_SECRET ?? DEVELOPMENT_NATIONAL_ID_HASH_SECRET,
    },
    retention: {
      absenceTimerDays: e.ABSENCE_TIMER_RETENTION_DAYS,
      absenceTimerPruneIntervalMs: e.ABSENCE_TIMER_PRUNE_INTERVAL_MS,
      inboxDays: e.INBOX_RETENTION_DAYS,
      inboxPruneIntervalMs: e.INBOX_PRUNE_INTERVAL_MS,
    },
    segmentation: {
      workloads: new Set(e.SEGMENTATION_WORKLOADS),
      smallBatchLingerMs: e.SEGMENTATION_SMALL_BATCH_LINGER_MS,
      journalGatherMs: e.SEGMENTATION_JOURNAL_GATHER_MS,
    },
  };
}

/** Consumer group of one of a service's consumers, isolated per environment like its topics. */
export function consumerGroupId(config: ServiceConfig, purpose: string): string {
  return `${config.kafka.consumerGroupPrefix}.${config.kafka.topicPrefix}${config.serviceName}.${purpose}`;
}
