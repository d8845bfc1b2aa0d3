import type { ProcessAgentDeparturesUseCase } from '@cip/lifecycle-domain';
import type { Logger } from '@cip/telemetry';

/**
 * Runs the departure pages on every instance: at once again after a page, otherwise every
 * `pollMs` or when woken (a departure recorded here). Instances split departures through SKIP
 * LOCKED, so there is no leader; a failed page rolls back and is retried on the next poll.
 */
export class AgentDepartureWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly useCase: Pick<ProcessAgentDeparturesUseCase, 'tick'>,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops and waits for the page in progress (its transaction commits or rolls back). */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Looks for work now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let worked = false;
      try {
        worked = await this.useCase.tick();
      } catch (err) {
        this.logger.warn({ err }, 'agent departure page failed; retrying on the next poll');
      }
      // A wake() during the page means new work may have come: look again without sleeping.
      if (this.running && !worked && !this.woken) await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      // The HTTP server and the consumers keep a service alive; the worker alone must not.
      timer.unref();
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      this.wakeUp = undefined;
    });
  }
}
