import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MultiTopicPublisher } from '@cip/kafka';
import { ScoreChurnRiskUseCase, type Clock, type CustomerProfiles } from '@cip/lifecycle-domain';
import { DATA_SOURCE } from '@cip/persistence';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import type { Logger } from '@cip/telemetry';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { KafkaFiringPublisher } from '../infrastructure/kafka-firing.publisher';
import { RedisPostgresCooldown } from '../infrastructure/redis-postgres.cooldown';
import { CUSTOMER_PROFILES, LIFECYCLE_CLOCK } from '../lifecycle.tokens';
import { ChurnRiskConsumer } from './churn-risk.consumer';
import {
  ACTIVE_CHURN_MODEL,
  CHURN_MODEL_REFRESH_MS,
  CHURN_RISK_CONSUMER,
  CHURN_RISK_STORE,
} from './churn-risk.tokens';
import { PostgresChurnModelRepository } from './postgres-churn-model.repository';
import { PostgresChurnRiskStore } from './postgres-churn-risk.store';
import { RefreshingChurnModel } from './refreshing-churn-model';

/**
 * Contact events → churn score per customer → `churn-risk-high` alert on entering the high band.
 * Reuses the raise-alerts path: cooldown (Redis + alert table), publisher, alert rows, profiles.
 */
export function scoreChurnRiskProviders(options: { modelRefreshMs?: number }): Provider[] {
  return [
    {
      provide: ACTIVE_CHURN_MODEL,
      useFactory: async (dataSource: DataSource, log: Logger) => {
        const repository = new PostgresChurnModelRepository(dataSource);
        const model = new RefreshingChurnModel({
          load: () => repository.loadActive(),
          refreshMs: options.modelRefreshMs ?? CHURN_MODEL_REFRESH_MS,
          onRefreshFailed: (err: unknown) =>
            log.warn({ err }, 'churn model refresh failed; keeping the last version'),
        });
        await model.start();
        const version = model.current()?.version;
        if (version === undefined) log.warn('no active churn model: scoring waits for one');
        else log.info({ modelVersion: version }, 'churn model loaded');
        return model;
      },
      inject: [DATA_SOURCE, LOGGER],
    },
    {
      provide: CHURN_RISK_STORE,
      useFactory: (dataSource: DataSource) =>
        new PostgresChurnRiskStore(dataSource, CHURN_RISK_CONSUMER),
      inject: [DATA_SOURCE],
    },
    {
      provide: ScoreChurnRiskUseCase,
      useFactory: (
        config: ServiceConfig,
        store: PostgresChurnRiskStore,
        models: RefreshingChurnModel,
        dataSource: DataSource,
        redis: Redis,
        publisher: MultiTopicPublisher,
        profiles: CustomerProfiles,
        clock: Clock,
      ) =>
        new ScoreChurnRiskUseCase({
          store,
          models,
          cooldown: new RedisPostgresCooldown(redis, config.redis.keyPrefix, dataSource),
          publisher: new KafkaFiringPublisher(publisher, config.kafka.topicPrefix),
          profiles,
          clock,
        }),
      inject: [
        SERVICE_CONFIG,
        CHURN_RISK_STORE,
        ACTIVE_CHURN_MODEL,
        DATA_SOURCE,
        REDIS_CLIENT,
        MESSAGE_PUBLISHER,
        CUSTOMER_PROFILES,
        LIFECYCLE_CLOCK,
      ],
    },
    ChurnRiskConsumer,
  ];
}
