import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@cip/telemetry';
import type { BackfillRunner } from './backfill.runner';

/** A source of "a job was queued somewhere" signals (a Postgres LISTEN), started and closed here. */
export interface JobQueuedSignal {
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The shortest wait before looking again when a job is claimable now but was not claimed. */
const MIN_RECHECK_MS = 50;

/**
 * Runs backfill jobs one after another while there are any. Started at boot, so queued jobs and
 * jobs of an instance that died are picked up again after a restart. An idle instance looks
 * again when told a job was queued (`nudge`, from this instance's API or from `listen`'s
 * notifications), when the next open job becomes claimable (settling, retry, expired lease),
 * and otherwise every `pollMs`, in case a notification was missed.
 */
export class BackfillPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** A nudge came while looking: look once more when done, the job may have come too late. */
  private nudgedWhileRunning = false;
  private readonly signal: JobQueuedSignal | undefined;

  constructor(
    private readonly runner: Pick<BackfillRunner, 'runNext' | 'nextClaimableInMs' | 'stop'>,
    private readonly pollMs: number,
    private readonly logger: Logger,
    /** False on an instance that leaves backfills to others (SEGMENTATION_WORKLOADS). */
    private readonly enabled = true,
    listen?: (onQueued: () => void) => JobQueuedSignal,
  ) {
    this.signal = enabled ? listen?.(() => this.nudge()) : undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.schedule(0);
    // Not awaited: start-up does not wait for a connection; it looks again once listening.
    void this.signal?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.runner.stop();
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([this.running, this.signal?.close()]);
  }

  /** Looks now instead of at the next tick (a job was queued, here or elsewhere). */
  nudge(): void {
    if (!this.enabled || this.stopped) return;
    if (this.running) {
      this.nudgedWhileRunning = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nudgedWhileRunning = false;
      this.running = this.drain()
        .then(() => this.nextLookInMs())
        .then((nextMs) => {
          this.running = undefined;
          this.schedule(this.nudgedWhileRunning ? 0 : nextMs);
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

  private async nextLookInMs(): Promise<number> {
    if (this.stopped) return this.pollMs;
    try {
      const claimableInMs = await this.runner.nextClaimableInMs();
      if (claimableInMs === undefined) return this.pollMs;
      return Math.min(this.pollMs, Math.max(MIN_RECHECK_MS, claimableInMs));
    } catch (error) {
      this.logger.warn({ err: error }, 'backfill poll failed; retrying at the next tick');
      return this.pollMs;
    }
  }
}
