import type { Redis } from 'ioredis';
import { withTimeout } from '@cip/async';

/**
 * QUIT (lets pending replies arrive) and waits until the connection is gone, falling back to a
 * hard disconnect if Redis does not answer. A client that is not connected is just stopped from
 * reconnecting; its status may then stay `reconnecting`, but no socket or timer is left.
 */
export async function closeRedisClient(client: Redis, timeoutMs = 2_000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  try {
    await withTimeout(
      client.quit().then(() => ended),
      timeoutMs,
      () => new Error('QUIT timed out'),
    );
  } catch {
    client.disconnect();
  }
}
