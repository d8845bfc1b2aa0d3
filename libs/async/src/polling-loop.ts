/**
 * A background loop for work shared between instances through the database (SKIP LOCKED):
 * `tick` again at once while it says more work may wait, otherwise sleep `pollMs` or until
 * `wake()`. A failed tick is reported and retried on the next poll. The sleep does not keep the
 * process alive (servers and consumers do), and `stop()` waits for the tick in progress.
 */
export class PollingLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly options: {
      /** One unit of work; true when more may be waiting (look again without sleeping). */
      tick: () => Promise<boolean>;
      pollMs: number;
      onError: (error: unknown) => void;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops and waits for the tick in progress. */
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
      let more = false;
      try {
        more = await this.options.tick();
      } catch (error) {
        this.options.onError(error);
      }
      // Checked right before sleeping (same tick as registering `wakeUp`): a stop() or wake()
      // that came during the tick must not wait out a whole poll interval.
      if (this.running && !more && !this.woken) await this.sleep(this.options.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
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
