import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import {
  ActiveActionCatalog,
  CloseAlertUseCase,
  NextBestActionQuery,
  RecordOpenAlertUseCase,
  systemClock,
} from '@cip/nba-domain';
import {
  ClosedAlertEntity,
  DATA_SOURCE,
  OpenAlertEntity,
  pruneClosedAlerts,
} from '@cip/persistence';
import {
  followCustomerMerges,
  inboxRetentionPruneProvider,
  LOGGER,
  platformInfrastructure,
  pruneInboxProviders,
} from '@cip/service-kit';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import { PostgresActionCatalogSource } from './infrastructure/postgres-action-catalog.source';
import { PostgresOpenAlerts } from './infrastructure/postgres-open-alerts';
import {
  ACTION_CATALOG_REFRESH_MS,
  ACTIVE_ACTION_CATALOG,
  ALERT_STATUS_CONSUMER,
  ATTRITION_ALERTS_CONSUMER,
  CLOSED_ALERT_PRUNE_SCHEDULER,
  CUSTOMER_MERGED_CONSUMER,
  OPEN_ALERTS,
} from './nba.tokens';
import { NextBestActionController } from './next-best-action/next-best-action.controller';
import { AlertStatusConsumer } from './record-alert/alert-status.consumer';
import { AttritionAlertsConsumer } from './record-alert/attrition-alerts.consumer';

export interface NbaModuleOptions {
  config: ServiceConfig;
  logger: Logger;
  telemetry: TelemetryHandle;
  /** Apply pending migrations at boot (tests); in deployments the migrate CLI runs them. */
  runMigrations?: boolean;
  /** Action catalog refresh period; tests shorten it. */
  catalogRefreshMs?: number;
}

/** nba's error codes that are not 400/500: an empty catalog is an outage of data, retry later. */
export const NBA_STATUS_BY_CODE: Record<string, number> = { NO_ELIGIBLE_ACTION: 503 };

@Module({})
export class NbaModule {
  static forRoot(options: NbaModuleOptions): DynamicModule {
    const { config, logger, telemetry } = options;
    return {
      module: NbaModule,
      imports: [
        ...platformInfrastructure({
          config,
          logger,
          telemetry,
          runMigrations: options.runMigrations,
          usesRedis: true,
        }),
      ],
      controllers: [NextBestActionController],
      providers: [
        {
          provide: OPEN_ALERTS,
          useFactory: (dataSource: DataSource) =>
            new PostgresOpenAlerts(dataSource, {
              raised: ATTRITION_ALERTS_CONSUMER,
              statusChanged: ALERT_STATUS_CONSUMER,
            }),
          inject: [DATA_SOURCE],
        },
        {
          provide: ACTIVE_ACTION_CATALOG,
          useFactory: (dataSource: DataSource, log: Logger) =>
            new ActiveActionCatalog({
              source: new PostgresActionCatalogSource(dataSource),
              clock: systemClock,
              refreshMs: options.catalogRefreshMs ?? ACTION_CATALOG_REFRESH_MS,
              onInvalid: (err: unknown) => log.error({ err }, 'skipping an invalid catalog action'),
              onRefreshFailed: (err: unknown) =>
                log.warn({ err }, 'action catalog refresh failed; keeping the last set'),
            }),
          inject: [DATA_SOURCE, LOGGER],
        },
        {
          provide: RecordOpenAlertUseCase,
          useFactory: (alerts: PostgresOpenAlerts) => new RecordOpenAlertUseCase(alerts),
          inject: [OPEN_ALERTS],
        },
        {
          provide: NextBestActionQuery,
          useFactory: (alerts: PostgresOpenAlerts, catalog: ActiveActionCatalog) =>
            new NextBestActionQuery({ alerts, catalog, clock: systemClock }),
          inject: [OPEN_ALERTS, ACTIVE_ACTION_CATALOG],
        },
        {
          provide: CloseAlertUseCase,
          useFactory: (alerts: PostgresOpenAlerts) => new CloseAlertUseCase(alerts),
          inject: [OPEN_ALERTS],
        },
        AttritionAlertsConsumer,
        AlertStatusConsumer,
        ...pruneInboxProviders(),
        inboxRetentionPruneProvider(
          CLOSED_ALERT_PRUNE_SCHEDULER,
          'closed-alert markers',
          pruneClosedAlerts,
        ),
        ...followCustomerMerges({
          inboxConsumer: CUSTOMER_MERGED_CONSUMER,
          entities: [OpenAlertEntity, ClosedAlertEntity],
        }),
      ],
    };
  }
}
