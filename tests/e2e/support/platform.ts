import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  REPO_ROOT,
  serviceEnv,
  testInfra,
  type Isolation,
} from '@cip/testing';
import { freePort, ServiceProcess, type ServiceName } from './service-process';

export interface RunningPlatform {
  isolation: Isolation;
  brokers: string[];
  services: Record<ServiceName, ServiceProcess>;
  /** Stops every service, then removes the run's topics, Postgres schemas and Redis keys. */
  stopAll(): Promise<void>;
}

const SERVICE_NAMES: ServiceName[] = ['ingestion', 'segmentation', 'lifecycle', 'nba'];

/**
 * Starts the four services as separate processes on an isolated slice of the real
 * infrastructure: own topics, consumer groups, Redis keys and Postgres schemas. If the start
 * fails half-way, what was started and created is stopped and removed before the error is thrown.
 */
export async function startPlatform(label: string): Promise<RunningPlatform> {
  const infra = testInfra();
  const isolation = newIsolation(label);
  const services: ServiceProcess[] = [];
  const stopAll = async (): Promise<void> => {
    // Services first: they hold connections to the schemas and keep writing keys until they exit.
    await Promise.allSettled(services.map((service) => service.stop('SIGTERM')));
    await removeIsolation(infra, isolation);
  };
  try {
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    const env = serviceEnv(infra, isolation, { SHUTDOWN_TIMEOUT_MS: '10000' });
    execFileSync(
      process.execPath,
      [join(REPO_ROOT, 'dist', 'libs', 'persistence', 'src', 'migrate.cli.js')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        stdio: 'pipe',
      },
    );
    const logDir = join(REPO_ROOT, '.run', 'logs', 'e2e', isolation.id);
    services.push(
      ...(await Promise.all(
        SERVICE_NAMES.map(async (name) => new ServiceProcess(name, await freePort(), env, logDir)),
      )),
    );
    // Every start settles before a failure is acted on, so no process is left half-started.
    const started = await Promise.allSettled(services.map((service) => service.start()));
    const failed = started.find(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    if (failed) throw failed.reason;
  } catch (error) {
    try {
      await stopAll();
    } catch (cleanupError) {
      throw new AggregateError([error, cleanupError], 'platform failed to start and to clean up');
    }
    throw error;
  }
  return {
    isolation,
    brokers: infra.kafkaBrokers,
    services: Object.fromEntries(services.map((service) => [service.name, service])) as Record<
      ServiceName,
      ServiceProcess
    >,
    stopAll,
  };
}
