import { logLevel, type logCreator } from 'kafkajs';
import type { BusLogger } from './bus-logger';

/**
 * kafkajs warns on every idempotent producer whose retries are bounded. Ours are bounded on
 * purpose (see ProducerGeneration: a failed producer is replaced, never retried forever), so the
 * warning is noise.
 */
const EXPECTED_WARNINGS = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

/**
 * A broker's error answer to one request (`Response Metadata(...)` with "not the leader" and the
 * like) is logged by kafkajs' connection at error level, although kafkajs retries it and the
 * caller sees any failure that outlasts the retries. Ops would drown in these during every leader
 * move, so they go to debug.
 */
function isBrokerErrorResponse(namespace: string, message: string): boolean {
  return namespace === 'Connection' && message.startsWith('Response ');
}

/** Routes kafkajs' own logging to our structured logger instead of the console. */
export function kafkajsLogCreator(logger: BusLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const {
        message,
        timestamp: _timestamp,
        error,
        ...rest
      } = log as { message: string; timestamp?: string; error?: unknown; [key: string]: unknown };
      if (EXPECTED_WARNINGS.has(message)) return;
      // pino serialises an Error only under `err`; kafkajs puts it under `error`.
      const fields: Record<string, unknown> = { component: 'kafkajs', namespace, ...rest };
      if (error !== undefined) fields[error instanceof Error ? 'err' : 'error'] = error;
      const text = `kafkajs: ${message}`;
      if (isBrokerErrorResponse(namespace, message)) logger.debug(fields, text);
      else if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(fields, text);
      else if (level === logLevel.WARN) logger.warn(fields, text);
      else logger.info(fields, text);
    };
}
