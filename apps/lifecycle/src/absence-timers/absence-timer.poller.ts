import { PollingLoop } from '@cip/async';
import type { FireDueTimersUseCase } from '@cip/lifecycle-domain';
import type { Logger } from '@cip/telemetry';

/**
 * Runs the due-timer use case on every instance: immediately again after a full batch, otherwise
 * every `pollMs`. Instances split due timers through SKIP LOCKED, so there is no leader.
 */
export class AbsenceTimerPoller {
  private readonly loop: PollingLoop;

  constructor(useCase: FireDueTimersUseCase, logger: Logger, pollMs: number) {
    this.loop = new PollingLoop({
      tick: async () => (await useCase.tick()) >= useCase.batchSize,
      pollMs,
      // The batch rolled back: its timers stay armed and are retried on the next poll.
      onError: (err) =>
        logger.warn({ err }, 'absence timer batch failed; retrying on the next poll'),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops polling and waits for the batch in progress (its transaction commits or rolls back). */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
