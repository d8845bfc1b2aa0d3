import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AgentDepartureWorker } from './agent-departure.worker';

/** Starts the worker with the app and stops it before Kafka and Postgres close. */
@Injectable()
export class AgentDepartureWorkerLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  constructor(@Inject(AgentDepartureWorker) private readonly worker: AgentDepartureWorker) {}

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}
