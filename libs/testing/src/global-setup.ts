import { Socket } from 'node:net';
import { publishTestInfra, testInfra, testInfraMode } from './config/test-infra.config';

/**
 * Provides the infrastructure for integration and e2e tests behind one env contract
 * (KAFKA_BROKERS, DATABASE_URL, REDIS_URL):
 * - CIP_TEST_INFRA=testcontainers: starts Kafka, Postgres and Redis containers (needs a container
 *   runtime) and exports their addresses to the test workers;
 * - otherwise (default `local`): uses the local stack (`npm run stack:up`) and checks it answers.
 */
export default async function globalSetup(): Promise<void> {
  if (testInfraMode() === 'testcontainers') {
    const { startContainers } = await import('./containers');
    publishTestInfra(await startContainers());
    return;
  }
  const infra = testInfra();
  publishTestInfra(infra);
  const unreachable = (
    await Promise.all([
      reachable('Kafka', infra.kafkaBrokers[0] ?? ''),
      reachable('Postgres', hostPortOf(infra.databaseUrl, 5432)),
      reachable('Redis', hostPortOf(infra.redisUrl, 6379)),
    ])
  ).filter((problem): problem is string => problem !== undefined);
  if (unreachable.length > 0) {
    throw new Error(
      `Test infrastructure is not reachable:\n${unreachable.map((p) => `  - ${p}`).join('\n')}\n` +
        'Start it with `npm run stack:up` (or set CIP_TEST_INFRA=testcontainers where Docker runs).',
    );
  }
}

function hostPortOf(url: string, defaultPort: number): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || defaultPort}`;
}

function reachable(name: string, hostPort: string): Promise<string | undefined> {
  const at = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, at);
  const port = Number(hostPort.slice(at + 1));
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (problem?: string): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(3_000, () => done(`${name} at ${hostPort}: no answer within 3 s`));
    socket.once('error', (error) => done(`${name} at ${hostPort}: ${error.message}`));
    socket.connect(port, host, () => done());
  });
}
