import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MultiTopicPublisher } from '@cip/kafka';
import { ActiveTriggerDefinitions, RaiseAlertsUseCase, systemClock } from '@cip/lifecycle-domain';
import { AlertEntity, DATA_SOURCE } from '@cip/persistence';
import { followCustomerMerges, LOGGER, platformInfrastructure } from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { KafkaFiringPublisher } from './infrastructure/kafka-firing.publisher';
import { PostgresAlertRecords } from './infrastructure/postgres-alert.records';
import { PostgresTriggerDefinitionSource } from './infrastructure/postgres-trigger-definition.source';
import { RedisPostgresCooldown } from './infrastructure/redis-postgres.cooldown';
import {
  ACTIVE_TRIGGER_DEFINITIONS,
  CUSTOMER_MERGED_CONSUMER,
  SEGMENT_MEMBERSHIP_CONSUMER,
  TRIGGER_DEFINITIONS_REFRESH_MS,
} from './lifecycle.tokens';
import { AlertsController } from './list-alerts/alerts.controller';
import { SegmentMembershipConsumer } from './raise-alerts/segment-membership.consumer';

export interface LifecycleModuleOptions {
  config: ServiceConfig;
  logger: Logger;
  telemetry: TelemetryHandle;
  /** Apply pending migrations at boot (tests); in deployments the migrate CLI runs them. */
  runMigrations?: boolean;
  /** Trigger catalog refresh period; tests shorten it. */
  definitionsRefreshMs?: number;
}

@Module({})
export class LifecycleModule {
  static forRoot(options: LifecycleModuleOptions): DynamicModule {
    const { config, logger, telemetry } = options;
    return {
      module: LifecycleModule,
      imports: [
        ...platformInfrastructure({
          config,
          logger,
          telemetry,
          runMigrations: options.runMigrations,
          usesRedis: true,
        }),
      ],
      controllers: [AlertsController],
      providers: [
        {
          provide: ACTIVE_TRIGGER_DEFINITIONS,
          useFactory: (dataSource: DataSource, log: Logger) =>
            new ActiveTriggerDefinitions({
              source: new PostgresTriggerDefinitionSource(dataSource),
              clock: systemClock,
              refreshMs: options.definitionsRefreshMs ?? TRIGGER_DEFINITIONS_REFRESH_MS,
              onInvalid: (err: unknown) =>
                log.error({ err }, 'skipping an invalid trigger definition'),
              onRefreshFailed: (err: unknown) =>
                log.warn({ err }, 'trigger catalog refresh failed; keeping the last set'),
            }),
          inject: [DATA_SOURCE, LOGGER],
        },
        {
          provide: RaiseAlertsUseCase,
          useFactory: (
            definitions: ActiveTriggerDefinitions,
            dataSource: DataSource,
            redis: Redis,
            publisher: MultiTopicPublisher,
          ) => {
            const records = new PostgresAlertRecords(dataSource, SEGMENT_MEMBERSHIP_CONSUMER);
            return new RaiseAlertsUseCase({
              processed: records,
              recorder: records,
              definitions,
              cooldown: new RedisPostgresCooldown(redis, config.redis.keyPrefix, dataSource),
              publisher: new KafkaFiringPublisher(publisher, config.kafka.topicPrefix),
              clock: systemClock,
            });
          },
          inject: [ACTIVE_TRIGGER_DEFINITIONS, DATA_SOURCE, REDIS_CLIENT, MESSAGE_PUBLISHER],
        },
        SegmentMembershipConsumer,
        // Cooldowns follow too: a free Redis slot is confirmed against the (moved) alert rows.
        ...followCustomerMerges({
          inboxConsumer: CUSTOMER_MERGED_CONSUMER,
          entities: [AlertEntity],
        }),
      ],
    };
  }
}
