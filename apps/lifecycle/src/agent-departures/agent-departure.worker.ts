import { PollingLoop } from '@cip/async';
import type { ProcessAgentDeparturesUseCase } from '@cip/lifecycle-domain';
import type { Logger } from '@cip/telemetry';

/**
 * Runs the departure pages on every instance: at once again after a page, otherwise every
 * `pollMs` or when woken (a departure recorded here). Instances split departures through SKIP
 * LOCKED, so there is no leader; a failed page rolls back and is retried on the next poll.
 */
export class AgentDepartureWorker {
  private readonly loop: PollingLoop;

  constructor(
    useCase: Pick<ProcessAgentDeparturesUseCase, 'tick'>,
    logger: Logger,
    pollMs: number,
  ) {
    this.loop = new PollingLoop({
      tick: () => useCase.tick(),
      pollMs,
      onError: (err) =>
        logger.warn({ err }, 'agent departure page failed; retrying on the next poll'),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops and waits for the page in progress (its transaction commits or rolls back). */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Looks for work now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }
}
