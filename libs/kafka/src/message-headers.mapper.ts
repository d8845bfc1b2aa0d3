import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

type HeaderValue = IHeaders[string];

function decodeHeaderValue(value: HeaderValue): string | undefined {
  if (value === undefined) return undefined;
  // Kafka allows a header name to repeat; kafkajs then yields an array. The last one wins, as in
  // the Java client's `lastHeader`.
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  if (last === undefined) return undefined;
  return typeof last === 'string' ? last : last.toString('utf8');
}

/** kafkajs headers (Buffers, possibly repeated) → plain string record. */
export function fromKafkaHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const [name, value] of Object.entries(headers)) {
    const decoded = decodeHeaderValue(value);
    if (decoded !== undefined) result[name] = decoded;
  }
  return result;
}

/** Lets the OpenTelemetry propagator write `traceparent`/`tracestate` into a header record. */
export const headerSetter: TextMapSetter<Record<string, string>> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

/** Lets the OpenTelemetry propagator read trace context from a header record. */
export const headerGetter: TextMapGetter<Record<string, string>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};
