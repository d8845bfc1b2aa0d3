import { CONTACT_EVENT_TYPES } from '@cip/contracts';
import { MAX_BATCH_EVENTS } from '@cip/ingestion-domain';
import { z } from 'zod';
import {
  contactEventAnnotations,
  contactEventDiscriminator,
  exampleEventOf,
  registerContactEventSchemas,
} from './contact-event.components';
import { customerFilePaths, registerCustomerFileSchemas } from './customer-file.paths';

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

const batchResultsSchema = z.object({
  results: z.array(
    z.union([
      z.object({
        index: z.number().int(),
        eventId: z.string(),
        status: z.enum(['accepted', 'replayed']),
        acceptedAt: z.iso.datetime(),
      }),
      z.object({
        index: z.number().int(),
        eventId: z.string().optional(),
        status: z.literal('rejected'),
        problem: problemSchema,
      }),
    ]),
  ),
});

/**
 * Every named schema as an OpenAPI 3.1 component (JSON Schema 2020-12), referencing each other
 * by `#/components/schemas/<id>`. Zod's `$schema` and `$id` markers are dropped: components are
 * not standalone documents.
 */
function componentSchemas(): Record<string, Record<string, unknown>> {
  const registry = z.registry<{ id: string }>();
  const contactEvent = registerContactEventSchemas(registry);
  registry.add(z.object({ events: z.array(contactEvent).min(1).max(MAX_BATCH_EVENTS) }), {
    id: 'ContactEventBatch',
  });
  registry.add(batchResultsSchema, { id: 'BatchResults' });
  registry.add(receiptSchema, { id: 'AcceptanceReceipt' });
  registry.add(eventStatusSchema, { id: 'EventStatus' });
  registry.add(problemSchema, { id: 'Problem' });
  registerCustomerFileSchemas(registry);
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const annotations = contactEventAnnotations();
  const components = Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, { ...annotations[id], ...rest }];
    }),
  );
  components['ContactEventV1'] = {
    ...components['ContactEventV1'],
    discriminator: contactEventDiscriminator(),
  };
  return components;
}

/** One named example per type in the request body, so tools offer them all. */
function requestExamples(): Record<string, { summary: string; value: unknown }> {
  return Object.fromEntries(
    CONTACT_EVENT_TYPES.map((type) => [type, { summary: type, value: exampleEventOf(type) }]),
  );
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
      description:
        'Accepts customer contact events and writes them to the contact-events log; keeps the customer file and the identity graph.',
    },
    // Keys are required in production; `/health/*`, `/metrics` and this document are open.
    security: [{ apiKey: [] }],
    paths: {
      '/v1/events': {
        post: {
          operationId: 'recordContactEvent',
          summary: 'Record one contact event (idempotent on eventId)',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ContactEventV1' },
                examples: requestExamples(),
              },
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
              'MALFORMED_JSON (empty, invalid UTF-8, syntax error, forbidden key) or an invalid event (INVALID_EVENT incl. unknown fields, UNKNOWN_EVENT_TYPE, UNSUPPORTED_VERSION, OCCURRED_AT_IN_FUTURE, OCCURRED_AT_TOO_OLD); `errors` names every failing field by JSON pointer',
            ),
            '409': problemResponse(
              'IDEMPOTENCY_CONFLICT: eventId already used for a different body; IDEMPOTENCY_REQUEST_IN_PROGRESS: a concurrent request holds it',
            ),
            '413': problemResponse('CONTENT_TOO_LARGE: body over the limit'),
            '415': problemResponse('UNSUPPORTED_MEDIA_TYPE: content type is not application/json'),
            '503': {
              ...problemResponse(
                'BUS_UNAVAILABLE: Kafka did not acknowledge in time; nothing was accepted, retry with the same eventId',
              ),
              headers: { 'Retry-After': { schema: { type: 'integer' } } },
            },
          },
        },
      },
      '/v1/events:batch': {
        post: {
          operationId: 'recordContactEventBatch',
          summary: `Record 1 to ${MAX_BATCH_EVENTS} contact events, each as POST /v1/events would`,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ContactEventBatch' },
              },
            },
          },
          responses: {
            '207': {
              description:
                'One result per event, in request order: accepted, replayed (accepted earlier) or rejected with the problem the single-event endpoint would have answered',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/BatchResults' } },
              },
            },
            '400': problemResponse(
              'MALFORMED_JSON, or no `events` array of 1 to 1,000 items (INVALID_BATCH)',
            ),
            '413': problemResponse('CONTENT_TOO_LARGE: body over the limit'),
            '415': problemResponse('UNSUPPORTED_MEDIA_TYPE: content type is not application/json'),
            '503': {
              ...problemResponse(
                'BUS_UNAVAILABLE: Kafka did not acknowledge in time; retry the batch with the same event ids',
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
      ...customerFilePaths(problemResponse),
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'cip_<keyId>_<secret>, with the scope the route needs (README: API keys)',
        },
      },
    },
  };
}
