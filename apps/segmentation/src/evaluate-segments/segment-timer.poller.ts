import type { Logger } from '@cip/telemetry';
import type { ReevaluateCustomersUseCase } from './reevaluate-customers.use-case';
import type { SegmentCatalogProvider, SegmentStateStore } from './segment-state.ports';
import { timerTrigger } from './segment-timer.trigger';

export interface SegmentTimerPollerOptions {
  /** How often due timers are looked for; the lateness bound of a time-driven change. */
  intervalMs: number;
  /** Customers claimed per round. */
  batchSize: number;
  /** A claimed timer comes due again after this if its claimer died before re-arming it. */
  leaseMs: number;
}

export const DEFAULT_TIMER_POLLER: SegmentTimerPollerOptions = {
  intervalMs: 200,
  batchSize: 500,
  leaseMs: 30_000,
};

/**
 * Fires the durable per-customer timers: conditions that become true by time alone (inactivity,
 * windows sliding past old events). Claims are atomic in the hot store, so any number of
 * instances can poll; the timers themselves are in every snapshot and restored with the store.
 */
export class SegmentTimerPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: {
      store: SegmentStateStore;
      catalogs: SegmentCatalogProvider;
      reevaluate: ReevaluateCustomersUseCase;
      clock: () => number;
      logger: Logger;
      options: SegmentTimerPollerOptions;
    },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round: fires every due timer (in batches) and returns how many customers it evaluated. */
  async fireDue(): Promise<number> {
    const { store, options } = this.deps;
    let fired = 0;
    for (;;) {
      const due = await store.claimDueTimers(this.deps.clock(), options.batchSize, options.leaseMs);
      if (due.length === 0) return fired;
      const catalog = await this.deps.catalogs.get();
      await this.deps.reevaluate.execute(due, timerTrigger, catalog);
      fired += due.length;
      if (due.length < options.batchSize || this.stopped) return fired;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.fireDue()
        .then(() => undefined)
        .catch((err: unknown) => {
          // Claimed timers come due again after their lease: nothing is lost, only delayed.
          this.deps.logger.warn({ err }, 'segment timers round failed; retrying');
        })
        .finally(() => this.schedule(this.deps.options.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
