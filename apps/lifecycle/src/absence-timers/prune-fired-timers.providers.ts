import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import type { Clock } from '@cip/lifecycle-domain';
import { DATA_SOURCE } from '@cip/persistence';
import { LOGGER, RetentionPruneScheduler, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import { LIFECYCLE_CLOCK } from '../lifecycle.tokens';
import { PostgresFiredTimerPruner } from './prune-fired-timers.store';

/** The settled-timer prune scheduler (tests get it to call pruneOnce). */
export const FIRED_TIMER_PRUNE_SCHEDULER = Symbol('FIRED_TIMER_PRUNE_SCHEDULER');

/**
 * Retention prune of settled absence timers, configured by the service config's `retention`
 * (ABSENCE_TIMER_* variables); the cutoff follows the module's clock, like settled_at does.
 */
export function pruneFiredTimersProviders(): Provider[] {
  return [
    {
      provide: FIRED_TIMER_PRUNE_SCHEDULER,
      useFactory: (config: ServiceConfig, dataSource: DataSource, clock: Clock, logger: Logger) => {
        const pruner = new PostgresFiredTimerPruner(dataSource);
        return new RetentionPruneScheduler(
          {
            what: 'settled absence timers',
            retentionDays: config.retention.absenceTimerDays,
            intervalMs: config.retention.absenceTimerPruneIntervalMs,
            pruneBefore: (cutoff) => pruner.pruneSettledBefore(cutoff),
            now: () => clock.now(),
          },
          logger,
        );
      },
      inject: [SERVICE_CONFIG, DATA_SOURCE, LIFECYCLE_CLOCK, LOGGER],
    },
  ];
}
