import { z } from 'zod';

const csv = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

/** Offset commits at most 5 per second per consumer; see KAFKA_COMMIT_INTERVAL_MS. */
export const DEFAULT_COMMIT_INTERVAL_MS = 200;

const port = z.coerce.number().int().min(1).max(65_535);

/** Environment variables every service reads. Defaults match the local stack (deploy/local). */
export const commonEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().default('127.0.0.1'),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, . _ - only')
    .default(''),
  KAFKA_CONSUMER_GROUP_PREFIX: z.string().default('cip'),
  KAFKA_MAX_HANDLER_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  KAFKA_RETRY_BACKOFF_MS: z.coerce.number().int().min(1).max(60_000).default(200),
  KAFKA_PRODUCE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /**
   * Least time between two offset commits of a consumer (0: after every batch). A crash or
   * rebalance redelivers at most this much more, which every handler tolerates.
   */
  KAFKA_COMMIT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(DEFAULT_COMMIT_INTERVAL_MS),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().default('cip:'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgres://postgres@127.0.0.1:5432/test'),
  /** Each service owns the schema `${prefix}${service}`; tests isolate themselves with a prefix. */
  DATABASE_SCHEMA_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]{0,40}$/, 'lower-case letters, digits and _ only')
    .default(''),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SDK_DISABLED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  // The platform promises exit within 10 s of SIGTERM; the hard stop leaves a margin for exit itself.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(60_000).default(9_000),
  PORT: port.optional(),
  /** Country calling code (no +) given to national phone numbers during identity resolution. */
  IDENTITY_DEFAULT_CALLING_CODE: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'a country calling code without +, e.g. 33')
    .default('33'),
  /** HMAC key national ids are stored under; required in production (see loadServiceConfig). */
  NATIONAL_ID_HASH_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /**
   * lifecycle: days a settled (fired, cancelled, suppressed, dropped) absence timer is kept for
   * audit before the prune deletes it; the newest per customer and trigger always stays.
   */
  ABSENCE_TIMER_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /** lifecycle: how often each instance prunes settled absence timers; 0 turns the prune off. */
  ABSENCE_TIMER_PRUNE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400_000)
    .default(3_600_000),
  /**
   * segmentation, lifecycle, nba: days an inbox row (processed_event) is kept. A duplicate arrives
   * only while Kafka still holds the original, so keep this above the topics' retention (7 days).
   */
  INBOX_RETENTION_DAYS: z.coerce
    .number()
    .int('a whole number of days')
    .min(1, 'at least 1 day (keep it above the Kafka topic retention)')
    .max(3_650)
    .default(8),
  /** How often each instance prunes its inbox; 0 turns the prune off. */
  INBOX_PRUNE_INTERVAL_MS: z.coerce
    .number()
    .int('a whole number of milliseconds')
    .min(0, '0 (off) or a positive number of milliseconds')
    .max(86_400_000)
    .default(600_000),
  /**
   * segmentation: what this instance runs. `events` consumes contact events, profile changes and
   * merges, `timers` fires due timers, `backfill` runs re-evaluation jobs. Every instance serves
   * the HTTP API. A deployment can run backfills on instances of their own, so a re-evaluation
   * does not queue behind live events in one event loop (and live events not behind it).
   */
  SEGMENTATION_WORKLOADS: csv
    .pipe(
      z
        .array(z.enum(['events', 'timers', 'backfill']))
        .min(1, 'name at least one of events, timers, backfill'),
    )
    .default(['events', 'timers', 'backfill']),
  /**
   * segmentation: how long the next fetch waits after a call of fewer than 16 contact events, so
   * that at low rates the events arriving meanwhile share one call's round trips. 0 (default): no
   * wait. 5 saved a quarter of the service's CPU at 500 events/s but added 5-7 ms at p50 and
   * ~25 ms at p99 (ADR 0010): for deployments that value CPU over latency at low rates.
   */
  SEGMENTATION_SMALL_BATCH_LINGER_MS: z.coerce.number().int().min(0).max(100).default(0),
  /**
   * segmentation: how long a journal transaction waits, from the start of the previous one, for
   * more batches to join it (off the latency path; never while the consumer's room for
   * outstanding batches is half taken). 0 (default): each batch's journal runs as soon as its
   * turn comes. 30 cut Postgres' CPU by a fifth at 5,000 events/s but cost the service ~4 % more
   * CPU per event, and the p99 was no better (ADR 0010): for a Postgres that pays per commit.
   */
  SEGMENTATION_JOURNAL_GATHER_MS: z.coerce.number().int().min(0).max(1_000).default(0),
  /** Whether HTTP APIs demand an API key; defaults to true in production, where it cannot be off. */
  API_KEYS_REQUIRED: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
});

export type CommonEnv = z.output<typeof commonEnvSchema>;
