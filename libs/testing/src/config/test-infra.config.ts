import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The test harness's configuration, and the only place it touches the environment: which
 * infrastructure provides Kafka, Postgres and Redis (CIP_TEST_INFRA), where they are, and the
 * hand-over of those addresses from Jest's global setup to its workers.
 */

/**
 * The one env contract between tests and infrastructure, whichever provides it (the local stack
 * from deploy/local, or testcontainers): where Kafka, Postgres and Redis are.
 */
export interface TestInfra {
  kafkaBrokers: string[];
  databaseUrl: string;
  redisUrl: string;
}

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const STACK_ENV_FILE = join(REPO_ROOT, '.run', 'stack.env');

/** Values the local stack wrote in .run/stack.env, overridden by the process environment. */
function stackEnv(): Record<string, string> {
  if (!existsSync(STACK_ENV_FILE)) return {};
  const entries = readFileSync(STACK_ENV_FILE, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#') && line.includes('='))
    .map((line) => {
      const at = line.indexOf('=');
      return [
        line.slice(0, at).replace(/^export\s+/, ''),
        line.slice(at + 1).replace(/^"|"$/g, ''),
      ] as const;
    });
  return Object.fromEntries(entries);
}

export function testInfra(env: Record<string, string | undefined> = process.env): TestInfra {
  const fromStack = stackEnv();
  const pick = (name: string, fallback: string): string => env[name] ?? fromStack[name] ?? fallback;
  return {
    kafkaBrokers: pick('KAFKA_BROKERS', '127.0.0.1:9092')
      .split(',')
      .map((b) => b.trim()),
    databaseUrl: pick('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/test'),
    redisUrl: pick('REDIS_URL', 'redis://127.0.0.1:6379'),
  };
}

export type TestInfraMode = 'local' | 'testcontainers';

/** CIP_TEST_INFRA: `local` (default, the running local stack) or `testcontainers`. */
export function testInfraMode(
  env: Record<string, string | undefined> = process.env,
): TestInfraMode {
  const mode = env['CIP_TEST_INFRA'] ?? 'local';
  if (mode !== 'local' && mode !== 'testcontainers') {
    throw new Error(`CIP_TEST_INFRA must be 'local' or 'testcontainers', not '${mode}'`);
  }
  return mode;
}

/**
 * Hands the infrastructure's addresses (and UTC as the time zone) to the test workers, which
 * Jest starts after global setup with this process's environment.
 */
export function publishTestInfra(infra: TestInfra): void {
  process.env['TZ'] = 'UTC';
  process.env['KAFKA_BROKERS'] = infra.kafkaBrokers.join(',');
  process.env['DATABASE_URL'] = infra.databaseUrl;
  process.env['REDIS_URL'] = infra.redisUrl;
}
