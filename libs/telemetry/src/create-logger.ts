import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Personal data never reaches the logs, wherever it sits in a logged object. */
export const PII_REDACT_PATHS = [
  'email',
  'phone',
  'name',
  'firstName',
  'lastName',
  'nationalId',
  'address',
  '*.email',
  '*.phone',
  '*.name',
  '*.firstName',
  '*.lastName',
  '*.nationalId',
  '*.address',
  '*.*.email',
  '*.*.phone',
  '*.*.nationalId',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
];

export interface LoggerOptions {
  serviceName: string;
  level: string;
  /** Defaults to stdout; tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.serviceName },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: PII_REDACT_PATHS, censor: '[redacted]' },
      // Correlate every log line with the active trace.
      mixin() {
        const span = trace.getActiveSpan();
        if (!span) return {};
        const { traceId, spanId } = span.spanContext();
        return { trace_id: traceId, span_id: spanId };
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
