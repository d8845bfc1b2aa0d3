import type { ServiceConfig } from '@cip/config';
import { Redis } from 'ioredis';
import { createErrorReporter, stderrStateLogger, type StateLogger } from './error-reporter';

export interface RedisClientOptions {
  logger?: StateLogger;
  /** Shows up in CLIENT LIST. */
  connectionName?: string;
  /** A command fails after this many reconnect attempts instead of queueing forever. Default 3. */
  maxRetriesPerRequest?: number;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Per-command timeout; unset by default (blocking commands would trip it). */
  commandTimeoutMs?: number;
}

const MAX_RECONNECT_DELAY_MS = 2_000;

/** Reconnect backoff: 50 ms, 100 ms, ... capped at 2 s; never gives up (an outage ends). */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(Math.max(1, attempt) * 50, MAX_RECONNECT_DELAY_MS);
}

/**
 * An ioredis client for `config.url`. `config.keyPrefix` is deliberately NOT set on the client:
 * build full key names with `customerKey` / `serviceKey`. Commands issued in the same tick are
 * pipelined automatically. Connection errors are logged (throttled), never thrown unhandled.
 */
export function createRedisClient(
  config: ServiceConfig['redis'],
  options: RedisClientOptions = {},
): Redis {
  const client = new Redis(config.url, {
    lazyConnect: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 3,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    ...(options.commandTimeoutMs !== undefined ? { commandTimeout: options.commandTimeoutMs } : {}),
    ...(options.connectionName !== undefined ? { connectionName: options.connectionName } : {}),
    enableReadyCheck: true,
    retryStrategy: reconnectDelayMs,
  });
  client.on('error', createErrorReporter(options.logger ?? stderrStateLogger));
  return client;
}
