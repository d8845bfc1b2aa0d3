import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MultiTopicPublisher } from '@cip/kafka';
import {
  WatchContactEventsUseCase,
  type ActiveTriggerDefinitions,
  type Clock,
  type CustomerProfiles,
} from '@cip/lifecycle-domain';
import { DATA_SOURCE } from '@cip/persistence';
import { SERVICE_CONFIG } from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { KafkaFiringPublisher } from '../infrastructure/kafka-firing.publisher';
import { PostgresAlertRecords } from '../infrastructure/postgres-alert.records';
import { PostgresContactEventRecords } from '../infrastructure/postgres-contact-event.records';
import { RedisPostgresCooldown } from '../infrastructure/redis-postgres.cooldown';
import {
  ACTIVE_TRIGGER_DEFINITIONS,
  CONTACT_EVENTS_CONSUMER,
  CUSTOMER_PROFILES,
  LIFECYCLE_CLOCK,
} from '../lifecycle.tokens';
import { ContactEventsConsumer } from './contact-events.consumer';

/** Contact events → event triggers, event-count triggers and absence timers. */
export function watchContactEventsProviders(): Provider[] {
  return [
    {
      provide: WatchContactEventsUseCase,
      useFactory: (
        config: ServiceConfig,
        definitions: ActiveTriggerDefinitions,
        dataSource: DataSource,
        redis: Redis,
        publisher: MultiTopicPublisher,
        profiles: CustomerProfiles,
        clock: Clock,
      ) => {
        const records = new PostgresContactEventRecords(dataSource, CONTACT_EVENTS_CONSUMER);
        return new WatchContactEventsUseCase({
          processed: new PostgresAlertRecords(dataSource, CONTACT_EVENTS_CONSUMER),
          recorder: records,
          counts: records,
          definitions,
          cooldown: new RedisPostgresCooldown(redis, config.redis.keyPrefix, dataSource),
          publisher: new KafkaFiringPublisher(publisher, config.kafka.topicPrefix),
          profiles,
          clock,
        });
      },
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
    ContactEventsConsumer,
  ];
}
