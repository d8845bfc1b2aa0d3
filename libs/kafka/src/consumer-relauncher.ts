import type { BusLogger } from './bus-logger';
import { errorCodeOf, errorReasonOf } from './error-summary';

export interface ConsumerRelauncherOptions {
  groupId: string;
  /** Connects, subscribes and runs the consumer again. */
  launch: () => Promise<void>;
  /** Aborted when the consumer is being stopped: no relaunch after that. */
  signal: AbortSignal;
  logger: BusLogger;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * kafkajs gives up on a consumer for errors it deems non-retriable, some of which are transient
 * on a real cluster: no group coordinator yet while a fresh broker creates __consumer_offsets, or
 * while the coordinator moves. A service whose consumer silently stopped keeps answering health
 * checks and processes nothing, so we relaunch it ourselves, with backoff, until it is stopped.
 */
export class ConsumerRelauncher {
  private failures = 0;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: ConsumerRelauncherOptions) {
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
  }

  /** kafkajs reported a crash it will not recover from itself. */
  crashed(error: unknown): void {
    this.schedule(error);
  }

  /** The consumer joined its group again: the next failure starts the backoff afresh. */
  joined(): void {
    this.failures = 0;
  }

  private schedule(error: unknown): void {
    if (this.options.signal.aborted) return;
    this.failures += 1;
    const delayMs = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (this.failures - 1));
    this.options.logger.error(
      {
        groupId: this.options.groupId,
        errorCode: errorCodeOf(error),
        reason: errorReasonOf(error),
        relaunchInMs: delayMs,
      },
      'kafka consumer crashed; relaunching it',
    );
    setTimeout(() => {
      if (this.options.signal.aborted) return;
      this.options.launch().catch((launchError: unknown) => this.schedule(launchError));
    }, delayMs);
  }
}
