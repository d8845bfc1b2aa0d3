import type { RecordContactEvent } from '@cip/ingestion-domain';
import type { RouteOptions } from 'fastify';
import { requireJsonBody } from '../json-body';

/** Stripe's header name: tells the client this answer is the saved outcome of an earlier request. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * POST /v1/events: 202 only once Kafka acknowledged the event (acks=all); a replay gets the
 * original receipt. A plain Fastify route (see IngestionRoutesSetup for why); errors go to the
 * same problem-details filter as every NestJS route.
 */
export function recordEventRoute(recordContactEvent: RecordContactEvent): RouteOptions {
  return {
    method: 'POST',
    url: '/v1/events',
    handler: async (request, reply) => {
      requireJsonBody(request.headers['content-type']);
      const { receipt, replayed } = await recordContactEvent.record(request.body);
      if (replayed) void reply.header(REPLAYED_HEADER, 'true');
      return reply.code(202).send(receipt);
    },
  };
}
