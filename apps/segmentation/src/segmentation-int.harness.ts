import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import { deadLetterTopicOf, TOPICS, topicName, type ContactEvent } from '@cip/contracts';
import { DATA_SOURCE } from '@cip/persistence';
import { ProblemDetailsFilter } from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
  type Isolation,
} from '@cip/testing';
import type { Redis } from 'ioredis';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { DEFINITIONS_STATUS_BY_CODE } from './definitions/definitions-http.settings';
import { SegmentationModule } from './segmentation.module';

// Response bodies are asserted on field by field; their types are the API's business.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HttpBody = any;

export interface SegmentationHarness {
  app: NestFastifyApplication;
  config: ServiceConfig;
  isolation: Isolation;
  baseUrl: string;
  dataSource: DataSource;
  redis: Redis;
  /** Reads segment-membership, contact-events and its dead-letter topic from the beginning. */
  reader: TopicReader;
  topics: { contactEvents: string; membership: string; merged: string };
  /** The service's processing time; `clock.now = …` moves it (windows, timers). */
  clock: { now: number };
  /** Produces to a topic with acks=all, keyed by customer. */
  produce(topic: string, key: string, value: unknown): Promise<void>;
  /** A contact event on the contact-events topic. */
  produceEvent(event: ContactEvent): Promise<void>;
  /** An HTTP call to the first instance: status and parsed JSON body (undefined when empty). */
  api(method: string, path: string, body?: unknown): Promise<[number, HttpBody]>;
  /**
   * Another instance of the service on the same topics, group, schema and keys (scale-out), with
   * `env` on top of the harness's (e.g. SEGMENTATION_WORKLOADS).
   */
  startAnotherInstance(env?: Record<string, string>): Promise<{ stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/**
 * The segmentation app on the shared Kafka, Redis and Postgres, isolated by its own topics,
 * schema and key prefix (all removed by `stop`), with a clock the test moves.
 */
export async function startSegmentationHarness(
  label: string,
  startMs: number,
  env: Record<string, string> = {},
): Promise<SegmentationHarness> {
  const infra = testInfra();
  const isolation = newIsolation(label);
  const configWith = (extra: Record<string, string>): ServiceConfig =>
    loadServiceConfig(
      'segmentation',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn', ...extra }),
    );
  const config = configWith(env);
  const topic = (name: (typeof TOPICS)[keyof typeof TOPICS]) =>
    topicName(config.kafka.topicPrefix, name);
  const topics = {
    contactEvents: topic(TOPICS.contactEvents),
    membership: topic(TOPICS.segmentMembership),
    merged: topic(TOPICS.customerMerged),
  };
  await createTopics(infra.kafkaBrokers, isolation.topicPrefix);

  const clock = { now: startMs };
  const logger = createLogger({ serviceName: 'segmentation', level: 'warn' });
  const telemetry = startTelemetry({
    serviceName: 'segmentation',
    otlpEndpoint: undefined,
    disabled: true,
  });
  const startInstance = async (
    instanceConfig: ServiceConfig = config,
  ): Promise<NestFastifyApplication> => {
    const instance = await NestFactory.create<NestFastifyApplication>(
      SegmentationModule.forRoot({
        config: instanceConfig,
        logger,
        telemetry,
        runMigrations: true,
        clock: () => clock.now,
        timers: { intervalMs: 50 },
        definitions: { catalogRefreshMs: 200, backfillPollMs: 100, backfillPageSize: 50 },
      }),
      new FastifyAdapter(),
      { logger: false },
    );
    instance.useGlobalFilters(new ProblemDetailsFilter(logger, DEFINITIONS_STATUS_BY_CODE));
    await instance.listen(0, '127.0.0.1');
    return instance;
  };
  const app = await startInstance();
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const dataSource = app.get<DataSource>(DATA_SOURCE);
  const redis = app.get<Redis>(REDIS_CLIENT);

  const reader = await TopicReader.start(infra.kafkaBrokers, [
    topics.membership,
    deadLetterTopicOf(topics.contactEvents),
    topics.contactEvents,
  ]);
  const producer: Producer = new Kafka({
    clientId: `${label}-int-test`,
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();

  const produce = async (to: string, key: string, value: unknown): Promise<void> => {
    await producer.send({
      topic: to,
      acks: -1,
      messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }],
    });
  };

  return {
    app,
    config,
    isolation,
    baseUrl,
    dataSource,
    redis,
    reader,
    topics,
    clock,
    produce,
    produceEvent: (event) => produce(topics.contactEvents, event.customerId, event),
    async api(method, path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          'x-actor': 'int-test',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return [response.status, text ? (JSON.parse(text) as HttpBody) : undefined];
    },
    async startAnotherInstance(extra = {}) {
      const instance = await startInstance(configWith({ ...env, ...extra }));
      return { stop: () => instance.close() };
    },
    async stop() {
      await producer.disconnect();
      await reader.stop();
      // Pollers stop with the app; only then can their tables and keys go.
      await app.close();
      await telemetry.shutdown();
      await removeIsolation(infra, isolation);
    },
  };
}
