import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@cip/telemetry';
import type { RecomputeQuantilesUseCase } from './recompute-quantiles.use-case';

/**
 * Recomputes the quantile tables every `intervalMs`. Every instance runs the timer; one that
 * finds the tables computed within the interval (by another instance) skips its turn.
 */
export class QuantilesScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly quantiles: RecomputeQuantilesUseCase,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => {
        this.running = undefined;
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      const last = await this.quantiles.lastComputedAt();
      if (last && this.nowMs() - last.getTime() < this.intervalMs * 0.9) return;
      const { changed } = await this.quantiles.recompute('quantiles-scheduler');
      if (changed.length > 0) this.logger.info({ changed }, 'quantile cuts changed');
    } catch (error) {
      this.logger.warn({ err: error }, 'quantile recomputation failed; retrying next interval');
    }
  }
}
