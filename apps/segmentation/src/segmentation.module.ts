import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MessagePublisher } from '@cip/kafka';
import { DATA_SOURCE } from '@cip/persistence';
import { ActiveDefinitions, type SegmentDefinitionSource } from '@cip/segmentation-domain';
import { LOGGER, platformInfrastructure } from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { ApplyContactEventUseCase } from './apply-contact-event/apply-contact-event.use-case';
import { ContactEventsConsumer } from './apply-contact-event/contact-events.consumer';
import { CustomerSegmentsController } from './customer-segments/customer-segments.controller';
import { KafkaContactEventRedirector } from './infrastructure/kafka-contact-event.redirector';
import { KafkaMembershipPublisher } from './infrastructure/kafka-membership.publisher';
import { PostgresDefinitionSource } from './infrastructure/postgres-definition.source';
import { PostgresSegmentationRecords } from './infrastructure/postgres-segmentation.records';
import { RedisCustomerStateStore } from './infrastructure/redis-customer-state.store';
import { SegmentsController } from './list-segments/segments.controller';
import { CustomerMergedConsumer } from './merge-customers/customer-merged.consumer';
import { MergeCustomersUseCase } from './merge-customers/merge-customers.use-case';
import {
  ACTIVE_DEFINITIONS,
  CONTACT_EVENT_REDIRECTOR,
  CUSTOMER_STATE_STORE,
  DEFINITION_SOURCE,
  DEFINITIONS_REFRESH_MS,
  MEMBERSHIP_PUBLISHER,
  SEGMENTATION_RECORDS,
} from './segmentation.tokens';

export interface SegmentationModuleOptions {
  config: ServiceConfig;
  logger: Logger;
  telemetry: TelemetryHandle;
  /** Apply pending migrations at boot (tests); in deployments the migrate CLI runs them. */
  runMigrations?: boolean;
  /** Definitions refresh period; tests shorten it. */
  definitionsRefreshMs?: number;
}

/** Inbox consumer names: the processed_event rows of each use case. */
export const CONTACT_EVENTS_CONSUMER = 'segmentation.contact-events';
export const CUSTOMER_MERGED_CONSUMER = 'segmentation.customer-merged';

@Module({})
export class SegmentationModule {
  static forRoot(options: SegmentationModuleOptions): DynamicModule {
    const { config, logger, telemetry } = options;
    return {
      module: SegmentationModule,
      imports: [
        ...platformInfrastructure({
          config,
          logger,
          telemetry,
          runMigrations: options.runMigrations,
          usesRedis: true,
        }),
      ],
      controllers: [CustomerSegmentsController, SegmentsController],
      providers: [
        {
          provide: DEFINITION_SOURCE,
          useFactory: (dataSource: DataSource) => new PostgresDefinitionSource(dataSource),
          inject: [DATA_SOURCE],
        },
        {
          provide: ACTIVE_DEFINITIONS,
          useFactory: (source: SegmentDefinitionSource, log: Logger) =>
            new ActiveDefinitions({
              source,
              clock: { now: () => new Date() },
              refreshMs: options.definitionsRefreshMs ?? DEFINITIONS_REFRESH_MS,
              onInvalid: (err: unknown) =>
                log.error({ err }, 'skipping segment definition with an invalid rule'),
              onRefreshFailed: (err: unknown) =>
                log.warn({ err }, 'definition refresh failed; keeping the last set'),
            }),
          inject: [DEFINITION_SOURCE, LOGGER],
        },
        {
          provide: CUSTOMER_STATE_STORE,
          useFactory: (redis: Redis) => new RedisCustomerStateStore(redis, config.redis.keyPrefix),
          inject: [REDIS_CLIENT],
        },
        {
          provide: SEGMENTATION_RECORDS,
          useFactory: (dataSource: DataSource) => new PostgresSegmentationRecords(dataSource),
          inject: [DATA_SOURCE],
        },
        {
          provide: MEMBERSHIP_PUBLISHER,
          useFactory: (publisher: MessagePublisher) =>
            new KafkaMembershipPublisher(publisher, config.kafka.topicPrefix),
          inject: [MESSAGE_PUBLISHER],
        },
        {
          provide: CONTACT_EVENT_REDIRECTOR,
          useFactory: (publisher: MessagePublisher) =>
            new KafkaContactEventRedirector(publisher, config.kafka.topicPrefix),
          inject: [MESSAGE_PUBLISHER],
        },
        {
          provide: ApplyContactEventUseCase,
          useFactory: (
            definitions: ActiveDefinitions,
            states: RedisCustomerStateStore,
            records: PostgresSegmentationRecords,
            publisher: KafkaMembershipPublisher,
            redirector: KafkaContactEventRedirector,
          ) =>
            new ApplyContactEventUseCase({
              consumer: CONTACT_EVENTS_CONSUMER,
              definitions,
              states,
              records,
              publisher,
              redirector,
            }),
          inject: [
            ACTIVE_DEFINITIONS,
            CUSTOMER_STATE_STORE,
            SEGMENTATION_RECORDS,
            MEMBERSHIP_PUBLISHER,
            CONTACT_EVENT_REDIRECTOR,
          ],
        },
        {
          provide: MergeCustomersUseCase,
          useFactory: (
            definitions: ActiveDefinitions,
            states: RedisCustomerStateStore,
            records: PostgresSegmentationRecords,
            publisher: KafkaMembershipPublisher,
          ) =>
            new MergeCustomersUseCase({
              consumer: CUSTOMER_MERGED_CONSUMER,
              definitions,
              states,
              records,
              publisher,
            }),
          inject: [
            ACTIVE_DEFINITIONS,
            CUSTOMER_STATE_STORE,
            SEGMENTATION_RECORDS,
            MEMBERSHIP_PUBLISHER,
          ],
        },
        ContactEventsConsumer,
        CustomerMergedConsumer,
      ],
    };
  }
}
