import type { BatchItemOutcome, RecordContactEvent } from '@cip/ingestion-domain';
import type { ProblemDetails, ProblemDetailsFilter } from '@cip/service-kit';
import type { RouteOptions } from 'fastify';
import { INGESTION_BATCH_BODY_LIMIT_BYTES } from '../ingestion-http.settings';
import { requireJsonBody } from '../json-body';
import { batchEventsOf } from './batch-request';

/** One entry of `results`, in the order of the request's `events`. */
export type BatchItemResult =
  | { index: number; eventId: string; status: 'accepted' | 'replayed'; acceptedAt: string }
  | { index: number; eventId?: string; status: 'rejected'; problem: ProblemDetails };

/**
 * POST /v1/events:batch (`::` is Fastify's escaped colon): 1 to 1,000 events, each handled
 * exactly like a POST /v1/events of its own. Answers 207 Multi-Status with one result per event:
 * `accepted` (Kafka acknowledged it), `replayed` (accepted earlier; the original acceptedAt) or
 * `rejected` with the problem the single-event route would have answered (4xx only).
 *
 * An item failing for a reason on our side (Kafka or Postgres unavailable: a 5xx) fails the whole
 * request with that problem (503 with Retry-After for Kafka), so a client never has to pick
 * retryable items out of a 207: it retries the batch with the same event ids, and items accepted
 * meanwhile come back as `replayed`. When Kafka is down no item is recorded as accepted.
 */
export function recordBatchRoute(
  recordContactEvent: RecordContactEvent,
  problems: Pick<ProblemDetailsFilter, 'toProblem'>,
): RouteOptions {
  return {
    method: 'POST',
    url: '/v1/events::batch',
    bodyLimit: INGESTION_BATCH_BODY_LIMIT_BYTES,
    handler: async (request, reply) => {
      requireJsonBody(request.headers['content-type']);
      const outcomes = await recordContactEvent.recordBatch(batchEventsOf(request.body));
      const results = outcomes.map((outcome) => resultOf(outcome, problems));
      const failure = outcomes.find(
        (outcome, i) => outcome.status === 'rejected' && isServerSide(results[i]),
      );
      if (failure?.status === 'rejected') throw failure.error;
      return reply.code(207).send({ results });
    },
  };
}

function resultOf(
  outcome: BatchItemOutcome,
  problems: Pick<ProblemDetailsFilter, 'toProblem'>,
): BatchItemResult {
  if (outcome.status !== 'rejected') {
    const { eventId, acceptedAt } = outcome.receipt;
    return { index: outcome.index, eventId, status: outcome.status, acceptedAt };
  }
  return {
    index: outcome.index,
    ...(outcome.eventId === undefined ? {} : { eventId: outcome.eventId }),
    status: 'rejected',
    problem: problems.toProblem(outcome.error),
  };
}

function isServerSide(result: BatchItemResult | undefined): boolean {
  return result?.status === 'rejected' && result.problem.status >= 500;
}
