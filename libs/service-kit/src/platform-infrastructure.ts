import type { DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { BUS_HEALTH, KafkaModule, type BusHealth } from '@cip/kafka';
import { DATA_SOURCE, databaseDependencyCheck, PersistenceModule } from '@cip/persistence';
import { REDIS_CLIENT, redisDependencyCheck, StateModule } from '@cip/state';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { DependencyCheck } from './dependency-check';
import { ServiceKitModule } from './service-kit.module';
import { DEPENDENCY_CHECKS } from './tokens';

export interface PlatformInfrastructureOptions {
  config: ServiceConfig;
  logger: Logger;
  telemetry: TelemetryHandle;
  /** Apply pending migrations of the service's schema at boot (idempotent, advisory-locked). */
  runMigrations?: boolean;
  /** Whether the service keeps state in Redis (readiness then checks Redis too). */
  usesRedis: boolean;
  /** Replaces KafkaModule's own bus, e.g. an unconnected one in tests of a Kafka outage. */
  kafkaModule?: DynamicModule;
}

/**
 * What every service imports: config, logger, health and metrics, the Kafka bus, its Postgres
 * schema and, where used, Redis, with /health/ready checking each of them.
 */
export function platformInfrastructure(options: PlatformInfrastructureOptions): DynamicModule[] {
  const { config, logger, telemetry, usesRedis } = options;
  const checks = (bus: BusHealth, dataSource: DataSource, redis?: Redis): DependencyCheck[] => [
    { name: 'kafka', check: () => bus.check() },
    ...(redis ? [redisDependencyCheck(redis)] : []),
    databaseDependencyCheck(dataSource),
  ];
  return [
    ServiceKitModule.forRoot({
      config,
      logger,
      telemetry,
      dependencyChecks: {
        provide: DEPENDENCY_CHECKS,
        useFactory: checks,
        inject: usesRedis ? [BUS_HEALTH, DATA_SOURCE, REDIS_CLIENT] : [BUS_HEALTH, DATA_SOURCE],
      },
    }),
    options.kafkaModule ?? KafkaModule.forRoot({ config: config.kafka, logger }),
    PersistenceModule.forService(config.serviceName, config, {
      runMigrations: options.runMigrations ?? false,
    }),
    ...(usesRedis ? [StateModule.forService(config)] : []),
  ];
}
