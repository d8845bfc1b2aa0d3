import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import { TOPICS, topicName } from '@cip/contracts';
import { DATA_SOURCE } from '@cip/persistence';
import { REDIS_CLIENT } from '@cip/state';
import { createLogger, startTelemetry, type TelemetryHandle } from '@cip/telemetry';
import {
  createTopics,
  deleteTopics,
  newIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
} from '@cip/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createIngestionTestApp } from '../ingestion-test.app';

export interface IngestionHarness {
  app: NestFastifyApplication;
  config: ServiceConfig;
  /** Reads the contact-events topic from the beginning. */
  reader: TopicReader;
  contactEventsTopic: string;
  stop(): Promise<void>;
}

/**
 * The ingestion app on the shared Kafka, Postgres and Redis, isolated by its own topics, schema
 * and key prefix, all removed again by `stop`.
 */
export async function startIngestionHarness(label: string): Promise<IngestionHarness> {
  const infra = testInfra();
  const isolation = newIsolation(label);
  const env = serviceEnv(infra, isolation, { LOG_LEVEL: 'silent' });
  const config = loadServiceConfig('ingestion', env);
  const contactEventsTopic = topicName(config.kafka.topicPrefix, TOPICS.contactEvents);
  const logger = createLogger({ serviceName: 'ingestion', level: 'silent' });

  await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
  const telemetry: TelemetryHandle = startTelemetry({
    serviceName: `ingestion-${label}`,
    otlpEndpoint: undefined,
    disabled: false,
  });
  // Without an exporter NodeSDK registers no tracer provider; the publisher's traceparent needs one.
  trace.setGlobalTracerProvider(new TracerProvider());
  const app = await createIngestionTestApp({ config, logger, telemetry, runMigrations: true });
  const reader = await TopicReader.start(infra.kafkaBrokers, [contactEventsTopic]);

  return {
    app,
    config,
    reader,
    contactEventsTopic,
    async stop() {
      await reader.stop();
      const redis = app.get<Redis>(REDIS_CLIENT);
      const keys = await redis.keys(`${isolation.redisKeyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await app
        .get<DataSource>(DATA_SOURCE)
        .query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
      await app.close();
      await telemetry.shutdown();
      await deleteTopics(infra.kafkaBrokers, isolation.topicPrefix);
    },
  };
}
