import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { OutboxRelay } from '@cip/persistence';
import { ALERT_STATUS_OUTBOX_RELAY } from './alert-workflow.tokens';

/** Starts the alert status outbox relay with the app and stops it before Kafka and Postgres close. */
@Injectable()
export class AlertStatusOutboxRelayLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  constructor(@Inject(ALERT_STATUS_OUTBOX_RELAY) private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
