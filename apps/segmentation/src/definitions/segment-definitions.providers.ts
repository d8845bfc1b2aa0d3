import type { Provider, Type } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { DATA_SOURCE, NotificationListener } from '@cip/persistence';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import { BackfillJobsController } from '../backfill/backfill-jobs.controller';
import { BackfillPoller } from '../backfill/backfill.poller';
import { BackfillRunner } from '../backfill/backfill.runner';
import { BACKFILL_JOBS, BACKFILL_POLLER } from '../backfill/backfill.tokens';
import type { CustomerReevaluator } from '../backfill/customer-reevaluator.port';
import {
  BACKFILL_JOB_QUEUED_CHANNEL,
  PostgresBackfillJobs,
} from '../backfill/postgres-backfill-jobs';
import { CustomerSegmentsController } from '../customer-segments/customer-segments.controller';
import type {
  SegmentCatalogProvider,
  SegmentStateStore,
} from '../evaluate-segments/segment-state.ports';
import { SegmentMembersQuery } from '../list-segments/segment-members.query';
import { SegmentSizeSampler } from '../list-segments/segment-size.sampler';
import { SegmentsController } from '../list-segments/segments.controller';
import { QuantileTablesController } from '../quantiles/quantile-tables.controller';
import { QuantilesScheduler } from '../quantiles/quantiles.scheduler';
import { RecomputeQuantilesUseCase } from '../quantiles/recompute-quantiles.use-case';
import { loadCatalogSnapshot } from '../segment-catalog/postgres-catalog-snapshot';
import { PostgresSegmentCatalogProvider } from '../segment-catalog/postgres-segment-catalog.provider';
import { BuiltInPacksInstaller } from './built-in-packs.installer';
import {
  CUSTOMER_REEVALUATOR,
  DEFAULT_DEFINITIONS_SETTINGS,
  DEFINITIONS_SETTINGS,
  SEGMENT_CATALOG_PROVIDER,
  SEGMENT_STATE_STORE,
  type DefinitionsSettings,
} from './definitions.tokens';
import { InstallModelPacksUseCase } from './install-model-packs.use-case';
import { PostgresSegmentDefinitionsStore } from './postgres-segment-definitions.store';
import { PreviewDefinitionUseCase } from './preview-definition.use-case';
import { SegmentDefinitionsController } from './segment-definitions.controller';
import { SegmentPacksController } from './segment-packs.controller';

/** The HTTP side of runtime segment management (definitions, packs, jobs, quantiles, members). */
export const SEGMENT_DEFINITIONS_CONTROLLERS: Type[] = [
  SegmentDefinitionsController,
  SegmentPacksController,
  BackfillJobsController,
  QuantileTablesController,
  SegmentsController,
  CustomerSegmentsController,
];

/** Customers the durable store knows (merged ids excluded): the population of estimates. */
async function population(dataSource: DataSource): Promise<number> {
  const rows = (await dataSource.query(
    `SELECT count(*)::int AS n FROM segment_customer_state WHERE merged_into IS NULL`,
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? 0;
}

export interface SegmentDefinitionsOptions extends Partial<DefinitionsSettings> {
  /**
   * Processing time (epoch ms) previews and quantiles evaluate at: the pipeline's clock. Refresh
   * and sampling cadences stay on real time.
   */
  clock?: () => number;
}

/**
 * Providers of runtime segment management, to spread into the service module next to
 * `SEGMENT_DEFINITIONS_CONTROLLERS`. It provides `SEGMENT_CATALOG_PROVIDER` (the compiled
 * active set the pipeline evaluates) and expects the pipeline to bind `SEGMENT_STATE_STORE` and
 * `CUSTOMER_REEVALUATOR`. Needs DATA_SOURCE and LOGGER (platformInfrastructure).
 */
export function segmentDefinitionsProviders(options: SegmentDefinitionsOptions = {}): Provider[] {
  const { clock = Date.now, ...overrides } = options;
  const settings: DefinitionsSettings = { ...DEFAULT_DEFINITIONS_SETTINGS, ...overrides };
  return [
    { provide: DEFINITIONS_SETTINGS, useValue: settings },
    {
      provide: SEGMENT_CATALOG_PROVIDER,
      useFactory: (dataSource: DataSource, logger: Logger) =>
        new PostgresSegmentCatalogProvider({
          load: () => loadCatalogSnapshot(dataSource),
          refreshMs: settings.catalogRefreshMs,
          logger,
        }),
      inject: [DATA_SOURCE, LOGGER],
    },
    {
      provide: BACKFILL_JOBS,
      useFactory: (dataSource: DataSource) => new PostgresBackfillJobs(dataSource),
      inject: [DATA_SOURCE],
    },
    {
      provide: PostgresSegmentDefinitionsStore,
      useFactory: (dataSource: DataSource, jobs: PostgresBackfillJobs) =>
        new PostgresSegmentDefinitionsStore(dataSource, jobs),
      inject: [DATA_SOURCE, BACKFILL_JOBS],
    },
    {
      provide: PreviewDefinitionUseCase,
      useFactory: (
        definitions: PostgresSegmentDefinitionsStore,
        store: SegmentStateStore,
        catalogs: SegmentCatalogProvider,
        dataSource: DataSource,
      ) =>
        new PreviewDefinitionUseCase({
          definitions,
          store,
          catalogs,
          population: () => population(dataSource),
          nowMs: clock,
        }),
      inject: [
        PostgresSegmentDefinitionsStore,
        SEGMENT_STATE_STORE,
        SEGMENT_CATALOG_PROVIDER,
        DATA_SOURCE,
      ],
    },
    {
      provide: BackfillRunner,
      useFactory: (
        jobs: PostgresBackfillJobs,
        store: SegmentStateStore,
        catalogs: SegmentCatalogProvider,
        reevaluator: CustomerReevaluator,
        dataSource: DataSource,
        logger: Logger,
      ) =>
        new BackfillRunner({
          jobs,
          store,
          catalogs,
          reevaluator,
          population: () => population(dataSource),
          logger,
          pageSize: settings.backfillPageSize,
          screenPageSize: settings.backfillScreenPageSize,
          pagesInFlight: settings.backfillPagesInFlight,
          leaseMs: settings.backfillLeaseMs,
          maxAttempts: settings.backfillMaxAttempts,
          settleMs: 2 * settings.catalogRefreshMs,
          progressEveryMs: settings.backfillProgressEveryMs,
          evaluationClock: clock,
        }),
      inject: [
        BACKFILL_JOBS,
        SEGMENT_STATE_STORE,
        SEGMENT_CATALOG_PROVIDER,
        CUSTOMER_REEVALUATOR,
        DATA_SOURCE,
        LOGGER,
      ],
    },
    {
      provide: BACKFILL_POLLER,
      useFactory: (
        runner: BackfillRunner,
        dataSource: DataSource,
        logger: Logger,
        config: ServiceConfig,
      ) =>
        new BackfillPoller(
          runner,
          settings.backfillPollMs,
          logger,
          config.segmentation.workloads.has('backfill'),
          (onQueued) =>
            new NotificationListener(dataSource, {
              channel: BACKFILL_JOB_QUEUED_CHANNEL,
              onNotify: onQueued,
              logger,
            }),
        ),
      inject: [BackfillRunner, DATA_SOURCE, LOGGER, SERVICE_CONFIG],
    },
    {
      provide: InstallModelPacksUseCase,
      useFactory: (
        dataSource: DataSource,
        definitions: PostgresSegmentDefinitionsStore,
        jobs: PostgresBackfillJobs,
      ) => new InstallModelPacksUseCase(dataSource, definitions, jobs),
      inject: [DATA_SOURCE, PostgresSegmentDefinitionsStore, BACKFILL_JOBS],
    },
    {
      provide: BuiltInPacksInstaller,
      useFactory: (installer: InstallModelPacksUseCase, logger: Logger) =>
        new BuiltInPacksInstaller(installer, settings.installBuiltInPacks, logger),
      inject: [InstallModelPacksUseCase, LOGGER],
    },
    {
      provide: RecomputeQuantilesUseCase,
      useFactory: (
        dataSource: DataSource,
        jobs: PostgresBackfillJobs,
        store: SegmentStateStore,
        catalogs: SegmentCatalogProvider,
      ) =>
        new RecomputeQuantilesUseCase({
          dataSource,
          jobs,
          store,
          catalogs,
          nowMs: clock,
          pageSize: settings.backfillPageSize,
        }),
      inject: [DATA_SOURCE, BACKFILL_JOBS, SEGMENT_STATE_STORE, SEGMENT_CATALOG_PROVIDER],
    },
    {
      provide: QuantilesScheduler,
      useFactory: (quantiles: RecomputeQuantilesUseCase, logger: Logger) =>
        new QuantilesScheduler(quantiles, settings.quantilesIntervalMs, logger),
      inject: [RecomputeQuantilesUseCase, LOGGER],
    },
    {
      provide: SegmentMembersQuery,
      useFactory: (dataSource: DataSource) => new SegmentMembersQuery(dataSource),
      inject: [DATA_SOURCE],
    },
    {
      provide: SegmentSizeSampler,
      useFactory: (
        dataSource: DataSource,
        store: SegmentStateStore,
        catalogs: SegmentCatalogProvider,
        logger: Logger,
      ) =>
        new SegmentSizeSampler({
          dataSource,
          store,
          catalogs,
          intervalMs: settings.sizeSampleIntervalMs,
          retention: {
            detailDays: settings.sizeSampleDetailDays,
            hourlyDays: settings.sizeSampleHourlyDays,
          },
          logger,
        }),
      inject: [DATA_SOURCE, SEGMENT_STATE_STORE, SEGMENT_CATALOG_PROVIDER, LOGGER],
    },
  ];
}
