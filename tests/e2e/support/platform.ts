import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  createTopics,
  deleteTopics,
  newIsolation,
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
  stopAll(): Promise<void>;
}

const SERVICE_NAMES: ServiceName[] = ['ingestion', 'segmentation', 'lifecycle', 'nba'];

/**
 * Starts the four services as separate processes on an isolated slice of the real
 * infrastructure: own topics, consumer groups, Redis keys and Postgres schemas.
 */
export async function startPlatform(label: string): Promise<RunningPlatform> {
  const infra = testInfra();
  const isolation = newIsolation(label);
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
  const entries = await Promise.all(
    SERVICE_NAMES.map(
      async (name) => [name, new ServiceProcess(name, await freePort(), env, logDir)] as const,
    ),
  );
  const services = Object.fromEntries(entries) as Record<ServiceName, ServiceProcess>;
  await Promise.all(SERVICE_NAMES.map((name) => services[name].start()));
  return {
    isolation,
    brokers: infra.kafkaBrokers,
    services,
    stopAll: async () => {
      await Promise.all(SERVICE_NAMES.map((name) => services[name].stop('SIGTERM')));
      await deleteTopics(infra.kafkaBrokers, isolation.topicPrefix).catch(() => undefined);
    },
  };
}
