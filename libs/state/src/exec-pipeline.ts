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
    releaseCommands(pipeline);
  }
}

/**
 * Drops the pipeline's queued commands (their arguments and replies) once it ran; the results
 * array handed back is a separate one. Something keeps an executed ioredis Pipeline reachable for
 * V8's young-generation collections (not for full ones), so without this everything a pipeline
 * carried survived scavenges, was promoted, and died only at the next full collection: in the
 * segmentation service at 5,000 events/s, one every ~5 s and a stall in the latency tail.
 * bench/segmentation/scavenge-probe.js measures it (300 SETs of 1 KB per pipeline: ~13 MB
 * promoted per scavenge, under 1 MB with the queue dropped).
 */
function releaseCommands(pipeline: ChainableCommander): void {
  const internals = pipeline as unknown as { _queue?: unknown };
  if (Array.isArray(internals._queue)) internals._queue = [];
}
