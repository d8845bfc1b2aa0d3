import { contactEventV1Schema } from '@cip/contracts';
import { z } from 'zod';

/** RFC 9457 problem body as rendered by service-kit's ProblemDetailsFilter. */
const problemSchema = z.object({
  type: z.string().describe('urn:cip:problem:<code>'),
  title: z.string(),
  status: z.number().int(),
  code: z.string().describe('Stable error code, e.g. INVALID_EVENT, IDEMPOTENCY_CONFLICT'),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(
      z.object({
        path: z.string().describe('JSON pointer of the failing field'),
        code: z.string(),
        message: z.string(),
      }),
    )
    .optional(),
});

const receiptSchema = z.object({
  eventId: z.string(),
  status: z.literal('accepted'),
  acceptedAt: z.iso.datetime(),
});

const eventStatusSchema = z.object({
  eventId: z.string(),
  status: z.enum(['pending', 'accepted']),
  type: z.string(),
  occurredAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().nullable(),
  topic: z.string(),
});

/** JSON Schema 2020-12 (what OpenAPI 3.1 uses) without the `$schema` marker. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Built from the contract's zod schemas, so the document cannot drift from what is validated. */
export function buildOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'CIP ingestion',
      version: '1.0.0',
      description: 'Accepts customer contact events and writes them to the contact-events log.',
    },
    paths: {
      '/v1/events': {
        post: {
          operationId: 'recordContactEvent',
          summary: 'Record one contact event (idempotent on eventId)',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/ContactEventV1' } },
            },
          },
          responses: {
            '202': {
              description:
                'Accepted: Kafka acknowledged the event. A replay of the same body returns the original receipt with header Idempotent-Replayed: true.',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/AcceptanceReceipt' } },
              },
            },
            '400': problemResponse(
              'Malformed JSON or an invalid event (INVALID_EVENT, UNKNOWN_EVENT_TYPE, UNSUPPORTED_VERSION, OCCURRED_AT_IN_FUTURE); `errors` names every failing field',
            ),
            '409': problemResponse(
              'IDEMPOTENCY_CONFLICT: eventId already used for a different body; IDEMPOTENCY_REQUEST_IN_PROGRESS: a concurrent request holds it',
            ),
            '413': problemResponse('Body too large'),
            '415': problemResponse('Content type is not application/json'),
            '503': {
              ...problemResponse(
                'BUS_UNAVAILABLE: Kafka did not acknowledge in time; nothing was accepted, retry with the same eventId',
              ),
              headers: { 'Retry-After': { schema: { type: 'integer' } } },
            },
          },
        },
      },
      '/v1/events/{eventId}': {
        get: {
          operationId: 'getEventStatus',
          parameters: [{ name: 'eventId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Ledger outcome of the event id',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/EventStatus' } },
              },
            },
            '404': problemResponse('EVENT_NOT_FOUND'),
          },
        },
      },
    },
    components: {
      schemas: {
        ContactEventV1: jsonSchema(contactEventV1Schema, 'input'),
        AcceptanceReceipt: jsonSchema(receiptSchema, 'output'),
        EventStatus: jsonSchema(eventStatusSchema, 'output'),
        Problem: jsonSchema(problemSchema, 'output'),
      },
    },
  };
}
