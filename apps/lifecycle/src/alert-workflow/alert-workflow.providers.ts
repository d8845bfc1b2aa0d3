import type { Provider } from '@nestjs/common';
import {
  ExpireDueAlertsUseCase,
  SummarizeAlertsUseCase,
  TransitionAlertUseCase,
  type Clock,
} from '@cip/lifecycle-domain';
import { DATA_SOURCE } from '@cip/persistence';
import type { DataSource } from 'typeorm';
import { LIFECYCLE_CLOCK } from '../lifecycle.tokens';
import { AlertExpirySweeper } from './alert-expiry.sweeper';
import {
  ALERT_EXPIRY_SWEEP_MS,
  ALERT_QUERIES,
  ALERT_WORKFLOW_STORE,
  DEFAULT_ALERT_EXPIRY_SWEEP_MS,
} from './alert-workflow.tokens';
import { PostgresAlertQueries } from './postgres-alert.queries';
import { PostgresAlertWorkflowStore } from './postgres-alert-workflow.store';

/** The alert workflow: transitions, summary, list/detail reads and the expiry sweep. */
export function alertWorkflowProviders(options: { sweepMs?: number | undefined } = {}): Provider[] {
  return [
    { provide: ALERT_EXPIRY_SWEEP_MS, useValue: options.sweepMs ?? DEFAULT_ALERT_EXPIRY_SWEEP_MS },
    {
      provide: ALERT_WORKFLOW_STORE,
      useFactory: (dataSource: DataSource) => new PostgresAlertWorkflowStore(dataSource),
      inject: [DATA_SOURCE],
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
