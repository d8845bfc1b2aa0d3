/** The slice of a pino logger the state lib needs (a pino Logger fits). */
export interface StateLogger {
  warn(context: object, message: string): void;
}

export interface ErrorReporterOptions {
  /** A repeated error message is logged at most once per interval. Default 10 s. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * ioredis emits an 'error' event on every failed reconnect attempt; logging each one would
 * flood the logs during an outage. Logs the first occurrence of each message, then at most one
 * line per interval carrying how many were suppressed.
 */
export function createErrorReporter(
  logger: StateLogger,
  options: ErrorReporterOptions = {},
): (error: Error) => void {
  const intervalMs = options.intervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, { loggedAt: number; suppressed: number }>();
  return (error) => {
    const message = error.message || error.name;
    const at = now();
    const entry = seen.get(message);
    if (entry && at - entry.loggedAt < intervalMs) {
      entry.suppressed += 1;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    seen.set(message, { loggedAt: at, suppressed: 0 });
    if (seen.size > 100) seen.delete(seen.keys().next().value as string); // bounded memory
    logger.warn(
      { err: { message, code: (error as { code?: unknown }).code }, suppressed },
      'redis client error (ioredis keeps reconnecting)',
    );
  };
}

/** Used when the caller passes no logger: one JSON line on stderr, like pino would write. */
export const stderrStateLogger: StateLogger = {
  warn(context, message) {
    process.stderr.write(
      `${JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: message, ...context })}\n`,
    );
  },
};
