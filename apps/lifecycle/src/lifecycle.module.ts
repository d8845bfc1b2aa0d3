import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MultiTopicPublisher } from '@cip/kafka';
import {
  ActiveTriggerDefinitions,
  RaiseAlertsUseCase,
  systemClock,
  type Clock,
  type CustomerProfiles,
} from '@cip/lifecycle-domain';
import {
  AbsenceTimerEntity,
  AlertEntity,
  ChurnEventHistoryEntity,
  DATA_SOURCE,
  TriggerEventHitEntity,
} from '@cip/persistence';
import {
  followCustomerMerges,
  LOGGER,
  platformInfrastructure,
  pruneInboxProviders,
} from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { absenceTimerProviders } from './absence-timers/absence-timers.providers';
import { pruneFiredTimersProviders } from './absence-timers/prune-fired-timers.providers';
import { mergeCustomerKeyedStateProviders } from './merge-customers/merge-customers.providers';
import { AGENT_DEPARTURE_STATUS_BY_CODE } from './agent-departures/agent-departure.http-status';
import { AgentDeparturesController } from './agent-departures/agent-departures.controller';
import { agentDepartureProviders } from './agent-departures/agent-departures.providers';
import { AlertSummaryController } from './alert-workflow/alert-summary.controller';
import { AlertWorkflowController } from './alert-workflow/alert-workflow.controller';
import { ALERT_WORKFLOW_STATUS_BY_CODE } from './alert-workflow/alert-workflow.http-status';
import { alertWorkflowProviders } from './alert-workflow/alert-workflow.providers';
import { KafkaFiringPublisher } from './infrastructure/kafka-firing.publisher';
import { PostgresAlertRecords } from './infrastructure/postgres-alert.records';
import { PostgresCustomerProfiles } from './infrastructure/postgres-customer.profiles';
import { PostgresTriggerDefinitionSource } from './infrastructure/postgres-trigger-definition.source';
import { RedisPostgresCooldown } from './infrastructure/redis-postgres.cooldown';
import {
  ACTIVE_TRIGGER_DEFINITIONS,
  CUSTOMER_MERGED_CONSUMER,
  CUSTOMER_PROFILES,
  LIFECYCLE_CLOCK,
  SEGMENT_MEMBERSHIP_CONSUMER,
  TRIGGER_DEFINITIONS_REFRESH_MS,
} from './lifecycle.tokens';
import { CustomerLifecycleStageController } from './lifecycle-stages/customer-lifecycle-stage.controller';
import { LIFECYCLE_STAGE_STATUS_BY_CODE } from './lifecycle-stages/lifecycle-stage.http-status';
import { lifecycleStageProviders } from './lifecycle-stages/lifecycle-stages.providers';
import { AlertsController } from './list-alerts/alerts.controller';
import { SegmentMembershipConsumer } from './raise-alerts/segment-membership.consumer';
import { ChurnRiskController } from './score-churn-risk/churn-risk.controller';
import { CHURN_RISK_STATUS_BY_CODE } from './score-churn-risk/churn-risk.http-status';
import { scoreChurnRiskProviders } from './score-churn-risk/score-churn-risk.providers';
import { watchContactEventsProviders } from './watch-contact-events/watch-contact-events.providers';

export interface LifecycleModuleOptions {
  config: ServiceConfig;
  logger: Logger;
  telemetry: TelemetryHandle;
  /** Apply pending migrations at boot (tests); in deployments the migrate CLI runs them. */
  runMigrations?: boolean;
  /** Trigger catalog refresh period; tests shorten it. */
  definitionsRefreshMs?: number;
  /** Clock of triggers, cooldowns and absence timers (default: system); tests move it forward. */
  clock?: Clock;
  /** How often an idle instance looks for due absence timers (default 250 ms). */
  absenceTimerPollMs?: number;
  /** Alert expiry sweep period (default 30 s); 0 disables it (tests call sweepOnce). */
  alertExpirySweepMs?: number;
  /** How often the active churn model is re-read (default 60 s); tests shorten it. */
  churnModelRefreshMs?: number;
}

/** HTTP status of lifecycle's own error codes (for the problem-details filter). */
export const LIFECYCLE_STATUS_BY_CODE: Record<string, number> = {
  ...ALERT_WORKFLOW_STATUS_BY_CODE,
  ...LIFECYCLE_STAGE_STATUS_BY_CODE,
  ...CHURN_RISK_STATUS_BY_CODE,
  ...AGENT_DEPARTURE_STATUS_BY_CODE,
};

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
      controllers: [
        AlertsController,
        AlertSummaryController,
        AlertWorkflowController,
        CustomerLifecycleStageController,
        ChurnRiskController,
        AgentDeparturesController,
      ],
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
            profiles: CustomerProfiles,
            clock: Clock,
          ) => {
            const records = new PostgresAlertRecords(dataSource, SEGMENT_MEMBERSHIP_CONSUMER);
            return new RaiseAlertsUseCase({
              processed: records,
              recorder: records,
              definitions,
              cooldown: new RedisPostgresCooldown(redis, config.redis.keyPrefix, dataSource),
              publisher: new KafkaFiringPublisher(publisher, config.kafka.topicPrefix),
              profiles,
              clock,
            });
          },
          inject: [
            ACTIVE_TRIGGER_DEFINITIONS,
            DATA_SOURCE,
            REDIS_CLIENT,
            MESSAGE_PUBLISHER,
            CUSTOMER_PROFILES,
            LIFECYCLE_CLOCK,
          ],
        },
        SegmentMembershipConsumer,
        ...alertWorkflowProviders({ sweepMs: options.alertExpirySweepMs }),
        ...lifecycleStageProviders(),
        { provide: LIFECYCLE_CLOCK, useValue: options.clock ?? systemClock },
        {
          provide: CUSTOMER_PROFILES,
          useFactory: (dataSource: DataSource) => new PostgresCustomerProfiles(dataSource),
          inject: [DATA_SOURCE],
        },
        ...watchContactEventsProviders(),
        ...absenceTimerProviders({ pollMs: options.absenceTimerPollMs }),
        ...pruneFiredTimersProviders(),
        ...pruneInboxProviders(),
        ...mergeCustomerKeyedStateProviders(),
        ...scoreChurnRiskProviders({ modelRefreshMs: options.churnModelRefreshMs }),
        ...agentDepartureProviders(),
        // Cooldowns follow too: a free Redis slot is confirmed against the (moved) alert rows.
        ...followCustomerMerges({
          inboxConsumer: CUSTOMER_MERGED_CONSUMER,
          // churn_event_history is keyed by (customer, event): a re-key cannot collide.
          entities: [
            AlertEntity,
            AbsenceTimerEntity,
            TriggerEventHitEntity,
            ChurnEventHistoryEntity,
          ],
        }),
      ],
    };
  }
}
