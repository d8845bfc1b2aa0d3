import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Clock } from '@cip/lifecycle-domain';
import { LOGGER } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import { LIFECYCLE_CLOCK } from '../lifecycle.tokens';
import { pruneCutoff, type PostgresFiredTimerPruner } from './prune-fired-timers.store';

export const FIRED_TIMER_PRUNER = Symbol('FIRED_TIMER_PRUNER');
export const FIRED_TIMER_RETENTION = Symbol('FIRED_TIMER_RETENTION');

/** From the service config's `retention` section (ABSENCE_TIMER_* variables). */
export interface FiredTimerRetention {
  days: number;
  /** 0: no timer (tests call pruneOnce). */
  intervalMs: number;
}

/**
 * Prunes settled absence timers every `intervalMs` on every instance (the pruner's SKIP LOCKED
 * splits the work). A run never overlaps the previous one of the same instance; a failed run is
 * logged and the next one retries: pruning late only keeps rows longer.
 */
@Injectable()
export class FiredTimerPruneScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(FIRED_TIMER_PRUNER)
    private readonly pruner: Pick<PostgresFiredTimerPruner, 'pruneSettledBefore'>,
    @Inject(FIRED_TIMER_RETENTION) private readonly retention: FiredTimerRetention,
    @Inject(LIFECYCLE_CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.retention.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.pruneOnce()
        .then(
          () => undefined,
          (err: unknown) =>
            this.logger.warn({ err }, 'absence timer prune failed; the next run retries'),
        )
        .finally(() => {
          this.running = undefined;
        });
    }, this.retention.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One run: deletes what was settled more than `days` ago. Returns how many rows went. */
  async pruneOnce(): Promise<number> {
    const cutoff = pruneCutoff(this.clock.now(), this.retention.days);
    const pruned = await this.pruner.pruneSettledBefore(cutoff);
    if (pruned > 0) {
      this.logger.info(
        { pruned, settledBefore: cutoff.toISOString() },
        'settled absence timers pruned',
      );
    }
    return pruned;
  }
}
