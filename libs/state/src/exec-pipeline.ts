import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { ChainableCommander } from 'ioredis';

const tracer = trace.getTracer('@cip/state');

/**
 * Runs a pipeline as ONE traced operation. The ioredis instrumentation would otherwise make a
 * span per queued command (a thousand for one consumer batch), which cost more CPU than the
 * commands themselves; it only traces commands that have a parent span, so they run under the
 * root context and this span stands for all of them.
 */
export async function execPipeline(
  pipeline: ChainableCommander,
  operation: string,
): Promise<Array<[error: Error | null, result: unknown]>> {
  const span = tracer.startSpan(`redis pipeline ${operation}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'db.system.name': 'redis',
      'db.operation.name': operation,
      'db.operation.batch.size': pipeline.length,
    },
  });
  try {
    return (await context.with(ROOT_CONTEXT, () => pipeline.exec())) ?? [];
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
