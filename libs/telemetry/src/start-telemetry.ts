import { metrics } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricReader,
} from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP collector base URL; traces and metrics are exported there when set. */
  otlpEndpoint: string | undefined;
  disabled: boolean;
}

export interface TelemetryHandle {
  /** Serves the Prometheus text format for the service's /metrics route. */
  readonly prometheus: PrometheusExporter;
  shutdown(): Promise<void>;
}

/**
 * Starts tracing and metrics. Call before NestJS, pg and ioredis are loaded so their
 * instrumentation patches apply. Spans are always created (trace ids flow through Kafka headers
 * and logs) even when no collector is configured.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  if (options.disabled) {
    // No tracing, but /metrics still answers (from a local provider, not the global one).
    const provider = new MeterProvider({ readers: [prometheus] });
    return { prometheus, shutdown: () => provider.shutdown() };
  }
  const metricReaders: MetricReader[] = [prometheus];
  if (options.otlpEndpoint) {
    metricReaders.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${options.otlpEndpoint}/v1/metrics` }),
        exportIntervalMillis: 15_000,
      }),
    );
  }
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    textMapPropagator: new W3CTraceContextPropagator(),
    ...(options.otlpEndpoint
      ? { traceExporter: new OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces` }) }
      : // Without a collector spans are still created, so trace ids reach Kafka headers and logs.
        { spanProcessors: [new NoopSpanProcessor()] }),
    metricReaders,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are noise in traces.
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? ''),
      }),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  return {
    prometheus,
    shutdown: async () => {
      await sdk.shutdown();
      metrics.disable();
    },
  };
}
