import type { Redis } from 'ioredis';
import { StateError } from './state-error';
import { withTimeout } from '@cip/async';

export const DEFAULT_REDIS_HEALTH_TIMEOUT_MS = 500;

/** Resolves when Redis answers PING within the timeout; throws DEPENDENCY_UNAVAILABLE otherwise. */
export async function pingRedis(
  client: Redis,
  timeoutMs: number = DEFAULT_REDIS_HEALTH_TIMEOUT_MS,
): Promise<void> {
  if (client.status === 'end') {
    throw new StateError('DEPENDENCY_UNAVAILABLE', 'Redis client is closed', {
      dependency: 'redis',
    });
  }
  const ping = client.ping();
  ping.catch(() => undefined); // a late failure after the timeout must not go unhandled
  let reply: string;
  try {
    reply = await withTimeout(
      ping,
      timeoutMs,
      () =>
        new StateError(
          'DEPENDENCY_UNAVAILABLE',
          `Redis did not answer PING within ${timeoutMs} ms`,
          { dependency: 'redis' },
        ),
    );
  } catch (error) {
    if (error instanceof StateError) throw error;
    throw new StateError(
      'DEPENDENCY_UNAVAILABLE',
      `Redis PING failed: ${(error as Error).message}`,
      { dependency: 'redis' },
      { cause: error },
    );
  }
  if (reply !== 'PONG') {
    throw new StateError('DEPENDENCY_UNAVAILABLE', `Redis answered PING with ${reply}`, {
      dependency: 'redis',
    });
  }
}

/** Same shape as service-kit's DependencyCheck, for the readiness endpoint. */
export function redisDependencyCheck(
  client: Redis,
  timeoutMs: number = DEFAULT_REDIS_HEALTH_TIMEOUT_MS,
): { name: string; check(): Promise<void> } {
  return { name: 'redis', check: () => pingRedis(client, timeoutMs) };
}

/** Resolves once the client is ready (connected, ready check passed), or throws after the timeout. */
export async function waitForRedis(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return;
  let onReady: (() => void) | undefined;
  try {
    await withTimeout(
      new Promise<void>((resolve) => {
        onReady = resolve;
        client.once('ready', resolve);
      }),
      timeoutMs,
      () =>
        new StateError('DEPENDENCY_UNAVAILABLE', `Redis not ready within ${timeoutMs} ms`, {
          dependency: 'redis',
        }),
    );
  } finally {
    if (onReady) client.off('ready', onReady);
  }
}
