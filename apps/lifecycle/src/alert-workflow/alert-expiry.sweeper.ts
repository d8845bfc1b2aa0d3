import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ExpireDueAlertsUseCase } from '@cip/lifecycle-domain';
import { LOGGER } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import { ALERT_EXPIRY_SWEEP_MS, ALERT_WORKFLOW_STORE } from './alert-workflow.tokens';
import type { PostgresAlertWorkflowStore } from './postgres-alert-workflow.store';

/** Review-time stamps per sweep: enough for any realistic alert rate between two sweeps. */
const STAMP_BATCH = 5_000;

/**
 * Expires alerts whose deadline passed without action, every ALERT_EXPIRY_SWEEP_MS on every
 * instance: FOR UPDATE SKIP LOCKED lets instances share the work without waiting on each other.
 * A sweep never overlaps the previous one of the same instance.
 */
@Injectable()
export class AlertExpirySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(ExpireDueAlertsUseCase) private readonly expire: ExpireDueAlertsUseCase,
    @Inject(ALERT_WORKFLOW_STORE) private readonly store: PostgresAlertWorkflowStore,
    @Inject(ALERT_EXPIRY_SWEEP_MS) private readonly periodMs: number,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.periodMs <= 0) return; // disabled (tests drive sweepOnce themselves)
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweepOnce()
        .then(
          () => undefined,
          (err: unknown) =>
            this.logger.warn({ err }, 'alert expiry sweep failed; next one retries'),
        )
        .finally(() => {
          this.running = undefined;
        });
    }, this.periodMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One sweep: stamps missing review times, then expires what is due. Returns how many expired. */
  async sweepOnce(): Promise<number> {
    await this.store.stampReviewDue(STAMP_BATCH);
    const expired = await this.expire.execute();
    if (expired.length > 0) {
      this.logger.info(
        { expired: expired.length, alertIds: expired.slice(0, 20).map((e) => e.alert.alertId) },
        'alerts expired: deadline passed without action',
      );
    }
    return expired.length;
  }
}
