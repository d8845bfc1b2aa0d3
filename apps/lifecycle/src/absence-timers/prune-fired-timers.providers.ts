import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { DATA_SOURCE } from '@cip/persistence';
import { SERVICE_CONFIG } from '@cip/service-kit';
import type { DataSource } from 'typeorm';
import {
  FIRED_TIMER_PRUNER,
  FIRED_TIMER_RETENTION,
  FiredTimerPruneScheduler,
  type FiredTimerRetention,
} from './prune-fired-timers.scheduler';
import { PostgresFiredTimerPruner } from './prune-fired-timers.store';

/** Retention prune of settled absence timers, configured by the service config's `retention`. */
export function pruneFiredTimersProviders(): Provider[] {
  return [
    {
      provide: FIRED_TIMER_RETENTION,
      useFactory: (config: ServiceConfig): FiredTimerRetention => ({
        days: config.retention.absenceTimerDays,
        intervalMs: config.retention.absenceTimerPruneIntervalMs,
      }),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: FIRED_TIMER_PRUNER,
      useFactory: (dataSource: DataSource) => new PostgresFiredTimerPruner(dataSource),
      inject: [DATA_SOURCE],
    },
    FiredTimerPruneScheduler,
  ];
}
