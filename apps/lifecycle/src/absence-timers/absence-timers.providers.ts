import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MultiTopicPublisher } from '@cip/kafka';
import {
  FireDueTimersUseCase,
  type ActiveTriggerDefinitions,
  type Clock,
  type CustomerProfiles,
} from '@cip/lifecycle-domain';
import { DATA_SOURCE } from '@cip/persistence';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import type { Logger } from '@cip/telemetry';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { KafkaFiringPublisher } from '../infrastructure/kafka-firing.publisher';
import { PostgresAbsenceTimerStore } from '../infrastructure/postgres-absence-timer.store';
import { RedisPostgresCooldown } from '../infrastructure/redis-postgres.cooldown';
import {
  ABSENCE_TIMER_POLL_MS,
  ACTIVE_TRIGGER_DEFINITIONS,
  CUSTOMER_PROFILES,
  LIFECYCLE_CLOCK,
} from '../lifecycle.tokens';
import { AbsenceTimerPoller } from './absence-timer.poller';
import { AbsenceTimerPollerLifecycle } from './absence-timer-poller.lifecycle';

/** Durable absence timers fired through the raise-alerts path; `pollMs` defaults to 250 ms. */
export function absenceTimerProviders(options: { pollMs?: number }): Provider[] {
  return [
    {
      provide: FireDueTimersUseCase,
      useFactory: (
        config: ServiceConfig,
        definitions: ActiveTriggerDefinitions,
        dataSource: DataSource,
        redis: Redis,
        publisher: MultiTopicPublisher,
        profiles: CustomerProfiles,
        clock: Clock,
      ) =>
        new FireDueTimersUseCase({
          store: new PostgresAbsenceTimerStore(dataSource),
          definitions,
          cooldown: new RedisPostgresCooldown(redis, config.redis.keyPrefix, dataSource),
          publisher: new KafkaFiringPublisher(publisher, config.kafka.topicPrefix),
          profiles,
          clock,
        }),
      inject: [
        SERVICE_CONFIG,
        ACTIVE_TRIGGER_DEFINITIONS,
        DATA_SOURCE,
        REDIS_CLIENT,
        MESSAGE_PUBLISHER,
        CUSTOMER_PROFILES,
        LIFECYCLE_CLOCK,
      ],
    },
    {
      provide: AbsenceTimerPoller,
      useFactory: (useCase: FireDueTimersUseCase, logger: Logger) =>
        new AbsenceTimerPoller(useCase, logger, options.pollMs ?? ABSENCE_TIMER_POLL_MS),
      inject: [FireDueTimersUseCase, LOGGER],
    },
    AbsenceTimerPollerLifecycle,
  ];
}
