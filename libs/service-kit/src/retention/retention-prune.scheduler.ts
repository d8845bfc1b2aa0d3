import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PollingLoop } from '@cip/async';
import type { Logger } from '@cip/telemetry';

const DAY_MS = 86_400_000;

/** Rows older than this are pruned: `now - retentionDays`. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** One kind of stored rows kept for `retentionDays`, then deleted by `pruneBefore`. */
export interface RetentionPruneJob {
  /** Names the rows in logs, e.g. "inbox rows". */
  what: string;
  retentionDays: number;
  /** Time between runs; 0: no loop at all (tests call pruneOnce). */
  intervalMs: number;
  /** Deletes the rows older than `cutoff`; returns how many went. */
  pruneBefore: (cutoff: Date) => Promise<number>;
  /** Default: the system clock. */
  now?: () => Date;
}

/**
 * Runs a retention prune every `intervalMs` on every instance (the prunes' SKIP LOCKED splits the
 * work, no leader). One loop per instance, so runs never overlap; a failed run is logged and the
 * next one retries: pruning late only keeps rows longer. The first run comes one interval after
 * start, so a boot (or a crash loop) does not begin with a large delete.
 */
export class RetentionPruneScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop | undefined;

  constructor(
    private readonly job: RetentionPruneJob,
    private readonly logger: Pick<Logger, 'info' | 'warn'>,
  ) {
    if (job.intervalMs <= 0) return;
    let started = false;
    this.loop = new PollingLoop({
      tick: async () => {
        // PollingLoop ticks at once on start: the first tick only lets the interval pass.
        if (started) await this.pruneOnce();
        started = true;
        return false;
      },
      pollMs: job.intervalMs,
      onError: (err) => this.logger.warn({ err }, `${job.what} prune failed; the next run retries`),
    });
  }

  onApplicationBootstrap(): void {
    this.loop?.start();
  }

  /** Stops the loop and waits for the run in progress (before the DataSource closes). */
  async onModuleDestroy(): Promise<void> {
    await this.loop?.stop();
  }

  /** One run: deletes what is older than `retentionDays`. Returns how many rows went. */
  async pruneOnce(): Promise<number> {
    const cutoff = retentionCutoff(this.job.now?.() ?? new Date(), this.job.retentionDays);
    const pruned = await this.job.pruneBefore(cutoff);
    if (pruned > 0) {
      this.logger.info({ pruned, before: cutoff.toISOString() }, `${this.job.what} pruned`);
    }
    return pruned;
  }
}
