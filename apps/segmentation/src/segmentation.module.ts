import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MessagePublisher } from '@cip/kafka';
import { DATA_SOURCE } from '@cip/persistence';
import {
  LOGGER,
  platformInfrastructure,
  pruneInboxProviders,
  SERVICE_CONFIG,
} from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import {
  SEGMENT_DEFINITIONS_CONTROLLERS,
  segmentDefinitionsProviders,
  type SegmentDefinitionsOptions,
} from './definitions/segment-definitions.providers';
import { ApplySegmentFactsUseCase } from './evaluate-segments/apply-segment-facts.use-case';
import { CustomerStateRunner } from './evaluate-segments/customer-state-runner';
import { MembershipRecorder } from './evaluate-segments/membership-recorder';
import { ReevaluateCustomersUseCase } from './evaluate-segments/reevaluate-customers.use-case';
import { SegmentFactsConsumer } from './evaluate-segments/segment-facts.consumer';
import type {
  MembershipChangePublisher,
  SegmentationJournal,
  SegmentCatalogProvider,
  SegmentStateStore,
} from './evaluate-segments/segment-state.ports';
import {
  DEFAULT_TIMER_POLLER,
  SegmentTimerPoller,
  type SegmentTimerPollerOptions,
} from './evaluate-segments/segment-timer.poller';
import { GroupCommitJournal } from './infrastructure/group-commit.journal';
import { KafkaContactEventRedirector } from './infrastructure/kafka-contact-event.redirector';
import { KafkaMembershipChangePublisher } from './infrastructure/kafka-membership-change.publisher';
import { PostgresSegmentationJournal } from './infrastructure/postgres-segmentation.journal';
import { RedisSegmentStateStore } from './infrastructure/redis-segment-state.store';
import { CustomerMergedConsumer } from './merge-customers/customer-merged.consumer';
import { MergeCustomersUseCase } from './merge-customers/merge-customers.use-case';
import {
  CONTACT_EVENT_REDIRECTOR,
  CUSTOMER_REEVALUATOR,
  MEMBERSHIP_CHANGE_PUBLISHER,
  SEGMENT_CATALOG_PROVIDER,
  SEGMENT_STATE_STORE,
  SEGMENT_TIMER_POLLER,
  SEGMENTATION_JOURNAL,
} from './segmentation.tokens';

export interface SegmentationModuleOptions {
  config: ServiceConfig;
  logger: Logger;
  telemetry: TelemetryHandle;
  /** Apply pending migrations at boot (tests); in deployments the migrate CLI runs them. */
  runMigrations?: boolean;
  /** Timer polling; tests shorten the interval. */
  timers?: Partial<SegmentTimerPollerOptions>;
  /** Processing time (epoch ms): windows and timers are relative to it; tests move it. */
  clock?: () => number;
  /** Runtime definition management: refresh, backfill, quantile and sampling cadences. */
  definitions?: Omit<SegmentDefinitionsOptions, 'clock'>;
}

/** Inbox consumer names: the processed_event rows of each use case. */
export const CONTACT_EVENTS_CONSUMER = 'segmentation.contact-events';
export const CUSTOMER_MERGED_CONSUMER = 'segmentation.customer-merged';

/** Starts the timer poller once the app is up and stops it before the connections close. */
class TimerPollerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(SEGMENT_TIMER_POLLER) private readonly poller: SegmentTimerPoller,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}
  onApplicationBootstrap(): void {
    if (this.config.segmentation.workloads.has('timers')) this.poller.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}

@Module({})
export class SegmentationModule {
  static forRoot(options: SegmentationModuleOptions): DynamicModule {
    const { config, logger, telemetry } = options;
    const clock = options.clock ?? Date.now;
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
      controllers: SEGMENT_DEFINITIONS_CONTROLLERS,
      providers: [
        ...segmentDefinitionsProviders({ ...options.definitions, clock }),
        ...pruneInboxProviders(),
        {
          provide: SEGMENT_STATE_STORE,
          useFactory: (redis: Redis) => new RedisSegmentStateStore(redis, config.redis.keyPrefix),
          inject: [REDIS_CLIENT],
        },
        {
          provide: SEGMENTATION_JOURNAL,
          // Concurrent batches (partitions, timers, backfills) share one transaction.
          useFactory: (dataSource: DataSource) =>
            new GroupCommitJournal(new PostgresSegmentationJournal(dataSource)),
          inject: [DATA_SOURCE],
        },
        {
          provide: MEMBERSHIP_CHANGE_PUBLISHER,
          useFactory: (publisher: MessagePublisher) =>
            new KafkaMembershipChangePublisher(publisher, config.kafka.topicPrefix),
          inject: [MESSAGE_PUBLISHER],
        },
        {
          provide: CONTACT_EVENT_REDIRECTOR,
          useFactory: (publisher: MessagePublisher) =>
            new KafkaContactEventRedirector(publisher, config.kafka.topicPrefix),
          inject: [MESSAGE_PUBLISHER],
        },
        {
          provide: CustomerStateRunner,
          useFactory: (store: SegmentStateStore, journal: SegmentationJournal) =>
            new CustomerStateRunner(store, journal),
          inject: [SEGMENT_STATE_STORE, SEGMENTATION_JOURNAL],
        },
        {
          provide: MembershipRecorder,
          useFactory: (
            store: SegmentStateStore,
            journal: SegmentationJournal,
            publisher: MembershipChangePublisher,
          ) => new MembershipRecorder({ store, journal, publisher }),
          inject: [SEGMENT_STATE_STORE, SEGMENTATION_JOURNAL, MEMBERSHIP_CHANGE_PUBLISHER],
        },
        {
          provide: ApplySegmentFactsUseCase,
          useFactory: (
            catalogs: SegmentCatalogProvider,
            journal: SegmentationJournal,
            runner: CustomerStateRunner,
            recorder: MembershipRecorder,
            redirector: KafkaContactEventRedirector,
          ) =>
            new ApplySegmentFactsUseCase({
              consumer: CONTACT_EVENTS_CONSUMER,
              catalogs,
              journal,
              runner,
              recorder,
              redirector,
              clock,
            }),
          inject: [
            SEGMENT_CATALOG_PROVIDER,
            SEGMENTATION_JOURNAL,
            CustomerStateRunner,
            MembershipRecorder,
            CONTACT_EVENT_REDIRECTOR,
          ],
        },
        {
          provide: ReevaluateCustomersUseCase,
          useFactory: (runner: CustomerStateRunner, recorder: MembershipRecorder) =>
            new ReevaluateCustomersUseCase({ runner, recorder, clock }),
          inject: [CustomerStateRunner, MembershipRecorder],
        },
        {
          provide: CUSTOMER_REEVALUATOR,
          useFactory: (useCase: ReevaluateCustomersUseCase) => ({
            reevaluate: useCase.execute.bind(useCase),
          }),
          inject: [ReevaluateCustomersUseCase],
        },
        {
          provide: SEGMENT_TIMER_POLLER,
          useFactory: (
            store: SegmentStateStore,
            catalogs: SegmentCatalogProvider,
            reevaluate: ReevaluateCustomersUseCase,
            log: Logger,
          ) =>
            new SegmentTimerPoller({
              store,
              catalogs,
              reevaluate,
              clock,
              logger: log,
              options: { ...DEFAULT_TIMER_POLLER, ...options.timers },
            }),
          inject: [
            SEGMENT_STATE_STORE,
            SEGMENT_CATALOG_PROVIDER,
            ReevaluateCustomersUseCase,
            LOGGER,
          ],
        },
        TimerPollerLifecycle,
        {
          provide: MergeCustomersUseCase,
          useFactory: (
            catalogs: SegmentCatalogProvider,
            store: SegmentStateStore,
            journal: SegmentationJournal,
            recorder: MembershipRecorder,
          ) =>
            new MergeCustomersUseCase({
              consumer: CUSTOMER_MERGED_CONSUMER,
              catalogs,
              store,
              journal,
              recorder,
              clock,
            }),
          inject: [
            SEGMENT_CATALOG_PROVIDER,
            SEGMENT_STATE_STORE,
            SEGMENTATION_JOURNAL,
            MembershipRecorder,
          ],
        },
        SegmentFactsConsumer,
        CustomerMergedConsumer,
      ],
    };
  }
}
