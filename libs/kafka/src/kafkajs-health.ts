import type { Admin } from 'kafkajs';
import { BusUnavailableError } from './bus-unavailable.error';
import { errorReasonOf } from './error-summary';
import type { BusHealth } from './message-bus';
import { withTimeout } from '@cip/async';

/** Readiness probes run often and must answer fast, even when Kafka hangs. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 2_000;

/**
 * `BusHealth` via the admin API: the cluster must describe itself (and name at least one broker)
 * within the timeout. The admin connection is kept between checks and rebuilt after a failure,
 * so a half-open socket never makes every later check hang.
 */
export class KafkajsBusHealth implements BusHealth {
  private admin: Admin | undefined;
  private connection: Promise<void> | undefined;
  private readonly disconnecting = new Set<Promise<void>>();

  constructor(
    /** An admin without retries: a probe reports the state now, it does not wait for recovery. */
    private readonly createAdmin: () => Admin,
    private readonly timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS,
  ) {}

  async check(): Promise<void> {
    const admin = (this.admin ??= this.createAdmin());
    try {
      await withTimeout(
        this.describe(admin),
        this.timeoutMs,
        () => new BusUnavailableError(`kafka did not answer within ${this.timeoutMs} ms`),
      );
    } catch (error) {
      this.reset(admin);
      if (error instanceof BusUnavailableError) throw error;
      throw new BusUnavailableError(`kafka health check failed: ${errorReasonOf(error)}`, {
        cause: error,
      });
    }
  }

  /** Also waits for admins dropped after a failed check (kafkajs lets their requests time out first). */
  async close(): Promise<void> {
    if (this.admin) this.reset(this.admin);
    await Promise.all([...this.disconnecting]);
  }

  private async describe(admin: Admin): Promise<void> {
    this.connection ??= admin.connect();
    await this.connection;
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0)
      throw new BusUnavailableError('kafka cluster reports no brokers');
  }

  private reset(admin: Admin): void {
    if (this.admin !== admin) return;
    this.admin = undefined;
    this.connection = undefined;
    const disconnecting: Promise<void> = admin
      .disconnect()
      .catch(() => undefined)
      .finally(() => this.disconnecting.delete(disconnecting));
    this.disconnecting.add(disconnecting);
  }
}
