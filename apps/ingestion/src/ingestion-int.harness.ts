import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import { TOPICS, topicName, type TopicBaseName } from '@cip/contracts';
import { DATA_SOURCE } from '@cip/persistence';
import { createLogger, startTelemetry, type TelemetryHandle } from '@cip/telemetry';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
} from '@cip/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { createIngestionTestApp } from './ingestion-test.app';

export interface IngestionHarness {
  app: NestFastifyApplication;
  config: ServiceConfig;
  /** Reads the contact-events topic (and `readTopics`) from the beginning. */
  reader: TopicReader;
  contactEventsTopic: string;
  /** The run's own name of a platform topic, e.g. topic(TOPICS.intakeRaw). */
  topic(name: TopicBaseName): string;
  /** http://127.0.0.1:<port> when started with `listen`, for clients that need a real socket. */
  baseUrl: string | undefined;
  dataSource: DataSource;
  stop(): Promise<void>;
}

export interface IngestionHarnessOptions {
  /** Environment on top of the isolated test settings (e.g. API_KEYS_REQUIRED). */
  env?: Record<string, string>;
  /** More topics for the reader, by their run names (see `topicName`, `deadLetterTopicOf`). */
  readTopics?: (topic: (name: TopicBaseName) => string) => readonly string[];
  /** Listen on a loopback port besides answering `app.inject`. */
  listen?: boolean;
}

/**
 * The ingestion app on the shared Kafka, Postgres and Redis, isolated by its own topics, schema
 * and key prefix, all removed again by `stop`.
 */
export async function startIngestionHarness(
  label: string,
  options: IngestionHarnessOptions = {},
): Promise<IngestionHarness> {
  const infra = testInfra();
  const isolation = newIsolation(label);
  const env = serviceEnv(infra, isolation, { LOG_LEVEL: 'silent', ...options.env });
  const config = loadServiceConfig('ingestion', env);
  const topic = (name: TopicBaseName) => topicName(config.kafka.topicPrefix, name);
  const contactEventsTopic = topic(TOPICS.contactEvents);
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
  const reader = await TopicReader.start(infra.kafkaBrokers, [
    contactEventsTopic,
    ...(options.readTopics?.(topic) ?? []),
  ]);
  let baseUrl: string | undefined;
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }
  const dataSource = app.get<DataSource>(DATA_SOURCE);

  return {
    app,
    config,
    reader,
    contactEventsTopic,
    topic,
    baseUrl,
    dataSource,
    async stop() {
      await reader.stop();
      await app.close();
      await telemetry.shutdown();
      await removeIsolation(infra, isolation);
    },
  };
}
