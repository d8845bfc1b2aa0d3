import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MessagePublisher } from '@cip/kafka';
import {
  ExpireDueAlertsUseCase,
  SummarizeAlertsUseCase,
  TransitionAlertUseCase,
  type Clock,
} from '@cip/lifecycle-domain';
import { DATA_SOURCE, OutboxRelay } from '@cip/persistence';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import { LIFECYCLE_CLOCK } from '../lifecycle.tokens';
import { AlertExpirySweeper } from './alert-expiry.sweeper';
import { AlertStatusOutboxRelayLifecycle } from './alert-status-outbox-relay.lifecycle';
import {
  ALERT_EXPIRY_SWEEP_MS,
  ALERT_QUERIES,
  ALERT_STATUS_OUTBOX_RELAY,
  ALERT_WORKFLOW_STORE,
  DEFAULT_ALERT_EXPIRY_SWEEP_MS,
} from './alert-workflow.tokens';
import { PostgresAlertQueries } from './postgres-alert.queries';
import { PostgresAlertWorkflowStore } from './postgres-alert-workflow.store';

/**
 * The alert workflow: transitions, summary, list/detail reads, the expiry sweep and the relay
 * that publishes every transition (alert.status.changed) from the outbox.
 */
export function alertWorkflowProviders(options: { sweepMs?: number | undefined } = {}): Provider[] {
  return [
    { provide: ALERT_EXPIRY_SWEEP_MS, useValue: options.sweepMs ?? DEFAULT_ALERT_EXPIRY_SWEEP_MS },
    {
      provide: ALERT_STATUS_OUTBOX_RELAY,
      useFactory: (
        config: ServiceConfig,
        dataSource: DataSource,
        bus: MessagePublisher,
        logger: Logger,
      ) =>
        new OutboxRelay(dataSource, bus, logger, {
          topicPrefix: config.kafka.topicPrefix,
        }),
      inject: [SERVICE_CONFIG, DATA_SOURCE, MESSAGE_PUBLISHER, LOGGER],
    },
    AlertStatusOutboxRelayLifecycle,
    {
      provide: ALERT_WORKFLOW_STORE,
      useFactory: (dataSource: DataSource, relay: OutboxRelay) =>
        new PostgresAlertWorkflowStore(dataSource, undefined, () => relay.notify()),
      inject: [DATA_SOURCE, ALERT_STATUS_OUTBOX_RELAY],
    },
    {
      provide: ALERT_QUERIES,
      useFactory: (dataSource: DataSource) => new PostgresAlertQueries(dataSource),
      inject: [DATA_SOURCE],
    },
    {
      provide: TransitionAlertUseCase,
      useFactory: (store: PostgresAlertWorkflowStore, clock: Clock) =>
        new TransitionAlertUseCase({ store, clock }),
      inject: [ALERT_WORKFLOW_STORE, LIFECYCLE_CLOCK],
    },
    {
      provide: ExpireDueAlertsUseCase,
      useFactory: (store: PostgresAlertWorkflowStore, clock: Clock) =>
        new ExpireDueAlertsUseCase({ store, clock }),
      inject: [ALERT_WORKFLOW_STORE, LIFECYCLE_CLOCK],
    },
    {
      provide: SummarizeAlertsUseCase,
      useFactory: (store: PostgresAlertWorkflowStore, clock: Clock) =>
        new SummarizeAlertsUseCase({ facts: store, clock }),
      inject: [ALERT_WORKFLOW_STORE, LIFECYCLE_CLOCK],
    },
    AlertExpirySweeper,
  ];
}
