import type { FireDueTimersUseCase } from '@cip/lifecycle-domain';
import type { Logger } from '@cip/telemetry';

/**
 * Runs the due-timer use case on every instance: immediately again after a full batch, otherwise
 * every `pollMs`. Instances split due timers through SKIP LOCKED, so there is no leader.
 */
export class AbsenceTimerPoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly useCase: FireDueTimersUseCase,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops polling and waits for the batch in progress (its transaction commits or rolls back). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.useCase.tick();
      } catch (err) {
        // The batch rolled back: its timers stay armed and are retried on the next poll.
        this.logger.warn({ err }, 'absence timer batch failed; retrying on the next poll');
      }
      // Checked right before sleeping (same tick as registering `wake`): a stop() that came
      // during the batch must not wait out a whole poll interval.
      if (this.running && claimed < this.useCase.batchSize) await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      // The HTTP server and the consumers keep a service alive; the poller alone must not.
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      this.wake = undefined;
    });
  }
}
