import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AbsenceTimerPoller } from './absence-timer.poller';

/** Starts polling with the app and stops before Kafka and Postgres close. */
@Injectable()
export class AbsenceTimerPollerLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  constructor(@Inject(AbsenceTimerPoller) private readonly poller: AbsenceTimerPoller) {}

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
