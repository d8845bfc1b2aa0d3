import { context, propagation, trace } from '@opentelemetry/api';
import { startTelemetry } from './start-telemetry';

describe('startTelemetry', () => {
  it('creates real spans and injects traceparent even without a collector', async () => {
    const telemetry = startTelemetry({
      serviceName: 'test',
      otlpEndpoint: undefined,
      disabled: false,
    });
    try {
      const span = trace.getTracer('test').startSpan('publish');
      const carrier: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), carrier);
      span.end();
      expect(span.spanContext().traceId).not.toBe('00000000000000000000000000000000');
      expect(carrier['traceparent']).toBe(
        `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
      );
    } finally {
      await telemetry.shutdown();
    }
  });
});
