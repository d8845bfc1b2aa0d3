/**
 * The logging the bus needs, shaped like pino's `logger.info(fields, message)` so a pino logger
 * can be passed as is, while tests and other clients can pass anything with these four methods.
 */
export interface BusLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** For callers that really want silence (one-off scripts); services pass their pino logger. */
export const silentBusLogger: BusLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
