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
    releasePipeline(pipeline);
  }
}

/**
 * Lets an executed pipeline go of everything that reaches its commands and replies: the queue,
 * the results and the promise settled with them. ioredis' Pipeline constructor defines a `length`
 * accessor per instance (`Object.defineProperty` with a closure over the pipeline). Objects built
 * that way survive V8's young-generation collections (scavenges) until the next full one, and the
 * same accessor shared by all of them does not (bench/segmentation/scavenge-probe.js); presumably
 * V8 keeps the accessor in a map per object, reachable from a shared map's transitions, a link
 * scavenges treat as strong. So every pipeline, with whatever it still references, is promoted and
 * dies only at the next full collection, which then comes sooner and costs more (at 5,000 events/s
 * the segmentation service's full collections are a stall in its latency tail).
 * Only a settled pipeline is emptied (no reply pending), so a late reply never finds it cleared.
 */
function releasePipeline(pipeline: ChainableCommander): void {
  const internals = pipeline as unknown as Record<string, unknown>;
  if (typeof internals.replyPending === 'number' && internals.replyPending > 0) return;
  if (Array.isArray(internals._queue)) internals._queue = [];
  if (Array.isArray(internals._result)) internals._result = [];
  for (const field of PIPELINE_SETTLEMENT_FIELDS) {
    if (field in internals) internals[field] = undefined;
  }
}

/** The promise exec returns (settled with the replies) and its settle functions. */
const PIPELINE_SETTLEMENT_FIELDS = ['promise', 'resolve', 'reject'] as const;
