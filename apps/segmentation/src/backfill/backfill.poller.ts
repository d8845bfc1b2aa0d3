import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@cip/telemetry';
import type { BackfillRunner } from './backfill.runner';

/**
 * Looks for work every `pollMs` and runs jobs one after another while there are any. Started
 * at boot, so queued jobs and jobs of an instance that died are picked up again after a restart.
 */
export class BackfillPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly runner: BackfillRunner,
    private readonly pollMs: number,
    private readonly logger: Logger,
    /** False on an instance that leaves backfills to others (SEGMENTATION_WORKLOADS). */
    private readonly enabled = true,
  ) {}

  onApplicationBootstrap(): void {
    if (this.enabled) this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.runner.stop();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs now instead of at the next tick (after an activation on this instance). */
  nudge(): void {
    if (!this.enabled || this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.drain().finally(() => {
        this.running = undefined;
        this.schedule(this.pollMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped) {
        const outcome = await this.runner.runNext();
        if (outcome === 'idle' || outcome === 'stopped') return;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'backfill poll failed; retrying at the next tick');
    }
  }
}
