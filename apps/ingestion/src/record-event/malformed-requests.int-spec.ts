import {
  CONTACT_EVENT_TYPES,
  CONTACT_PAYLOAD_EXAMPLES,
  type ContactEventType,
} from '@cip/contracts';
import fc from 'fast-check';
import { startIngestionHarness, type IngestionHarness } from '../ingestion-int.harness';

jest.setTimeout(120_000);

/**
 * Thousands of generated bad requests against the real app (Fastify parsing, body limit, filters,
 * identity resolution, decoder): each must be refused with a 4xx problem body, none may reach
 * Kafka, and the process must still answer afterwards.
 */

let harness: IngestionHarness;

beforeAll(async () => {
  harness = await startIngestionHarness('malformed');
});

afterAll(async () => {
  await harness?.stop();
});

interface BadRequest {
  label: string;
  contentType: string | undefined;
  body: string | Buffer;
}

const ENVELOPE_FIELDS = ['eventId', 'type', 'version', 'occurredAt', 'customerId', 'source'];
const MONEY_TYPES = CONTACT_EVENT_TYPES.filter(
  (type) => 'amount' in (CONTACT_PAYLOAD_EXAMPLES[type] as object),
);
const MINUTE = 60_000;
const YEAR = 365.25 * 24 * 60 * MINUTE;

let sequence = 0;
function validEvent(type: ContactEventType): Record<string, unknown> {
  return {
    eventId: `evt-malformed-${++sequence}`,
    type,
    version: 1,
    occurredAt: new Date(Date.now() - MINUTE).toISOString(),
    customerId: `cust-${sequence % 50}`,
    source: 'fuzz',
    payload: structuredClone(CONTACT_PAYLOAD_EXAMPLES[type]),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bodies that some generators could turn back into valid JSON by chance are dropped. */
function isJson(body: string | Buffer): boolean {
  try {
    JSON.parse(body.toString());
    return true;
  } catch {
    return false;
  }
}

const anyType = fc.constantFrom(...CONTACT_EVENT_TYPES);
/** JSON values that are not strings, to put where a string belongs. */
const notAString = fc.jsonValue().filter((value) => typeof value !== 'string');
const notAnObject = fc
  .jsonValue()
  .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value));

/** Each turns a valid event into an invalid one, whatever else it is combined with. */
type Mutation = [label: string, apply: (event: Record<string, unknown>) => void];
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .constantFrom(...ENVELOPE_FIELDS, 'payload')
    .map((field): Mutation => [`missing ${field}`, (event) => delete event[field]]),
  fc
    .tuple(fc.constantFrom('eventId', 'type', 'occurredAt', 'customerId', 'source'), notAString)
    .map(([field, value]): Mutation => [`${field} of the wrong type`, (e) => (e[field] = value)]),
  fc
    .oneof(
      notAString.filter((v) => v !== 1),
      fc.integer().filter((v) => v !== 1),
    )
    .map((value): Mutation => ['bad version', (event) => (event['version'] = value)]),
  fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((type) => !(CONTACT_EVENT_TYPES as string[]).includes(type))
    .map((type): Mutation => ['unknown type', (event) => (event['type'] = type)]),
  notAnObject.map((value): Mutation => ['payload not an object', (e) => (e['payload'] = value)]),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 30 }), fc.jsonValue(), fc.boolean())
    .map(([key, value, inPayload]): Mutation => [
      'unknown field',
      (event) => {
        const payload = event['payload'];
        const target = inPayload && isObject(payload) ? payload : event;
        target[`x-${key}`] = value;
      },
    ]),
  fc
    .tuple(
      fc.constantFrom('eventId', 'customerId', 'source'),
      fc.integer({ min: 129, max: 200_000 }),
    )
    .map(([field, length]): Mutation => [
      `huge ${field}`,
      (event) => (event[field] = 'x'.repeat(length)),
    ]),
  fc
    .oneof(
      fc.integer({ min: 6, max: 10_000_000 }).map((minutes) => Date.now() + minutes * MINUTE),
      fc.double({ min: 51, max: 1_900, noNaN: true }).map((years) => Date.now() - years * YEAR),
    )
    .map((at): Mutation => [
      'implausible occurredAt',
      (event) => (event['occurredAt'] = new Date(at).toISOString()),
    ]),
  fc
    .string({ maxLength: 30 })
    .filter((text) => Number.isNaN(Date.parse(text)))
    .map((text): Mutation => ['occurredAt not a timestamp', (e) => (e['occurredAt'] = text)]),
);

const mutatedEvent: fc.Arbitrary<BadRequest> = fc
  .tuple(anyType, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([type, mutations]) => {
    const event = validEvent(type);
    for (const [, apply] of mutations) apply(event);
    return {
      label: `${type}: ${mutations.map(([label]) => label).join(', ')}`,
      contentType: 'application/json',
      body: JSON.stringify(event),
    };
  });

const negativeAmount: fc.Arbitrary<BadRequest> = fc
  .tuple(fc.constantFrom(...MONEY_TYPES), fc.double({ max: -Number.MIN_VALUE, noNaN: true }))
  .map(([type, amount]) => {
    const event = validEvent(type);
    (event['payload'] as Record<string, unknown>)['amount'] = amount;
    return {
      label: `${type}: amount ${amount}`,
      contentType: 'application/json',
      body: JSON.stringify(event),
    };
  });

const randomJson: fc.Arbitrary<BadRequest> = fc.jsonValue().map((value) => ({
  label: 'random JSON',
  contentType: 'application/json',
  body: JSON.stringify(value) ?? 'null',
}));

const wrongContentType: fc.Arbitrary<BadRequest> = fc
  .tuple(
    anyType,
    fc.oneof(
      fc.constantFrom(
        undefined,
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/jsonx',
        'application/problem+json',
        'application/octet-stream',
      ),
      // Printable only: a header value with control characters is not a request at all.
      fc
        .stringMatching(/^[\x20-\x7e]{0,40}$/)
        .filter((type) => !/^\s*application\/json\s*(;|$)/i.test(type)),
    ),
  )
  .map(([type, contentType]) => ({
    label: `content type ${String(contentType)}`,
    contentType,
    body: JSON.stringify(validEvent(type)),
  }));

const brokenJson: fc.Arbitrary<BadRequest> = fc
  .tuple(anyType, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }))
  .map(([type, cut, noise]) => {
    const text = JSON.stringify(validEvent(type));
    // Cutting before the last byte leaves an unclosed object; the noise goes in where it was cut.
    const at = cut % (text.length - 1);
    return {
      label: 'broken JSON bytes',
      contentType: 'application/json',
      body: Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(noise)]),
    };
  })
  .filter(({ body }) => !isJson(body));

const randomBytes: fc.Arbitrary<BadRequest> = fc
  .uint8Array({ maxLength: 2_000 })
  .filter((bytes) => !isJson(Buffer.from(bytes)))
  .map((bytes) => ({
    label: 'random bytes',
    contentType: 'application/json',
    body: Buffer.from(bytes),
  }));

const hugeBody: fc.Arbitrary<BadRequest> = fc
  .integer({ min: 64 * 1024 + 1, max: 300_000 })
  .map((size) => ({
    label: `body of ${size} bytes`,
    contentType: 'application/json',
    body: `{"source":"${'y'.repeat(size)}"}`,
  }));

const badRequest = fc.oneof(
  { arbitrary: mutatedEvent, weight: 8 },
  { arbitrary: negativeAmount, weight: 1 },
  { arbitrary: randomJson, weight: 2 },
  { arbitrary: wrongContentType, weight: 2 },
  { arbitrary: brokenJson, weight: 2 },
  { arbitrary: randomBytes, weight: 1 },
  { arbitrary: hugeBody, weight: 1 },
);

describe('POST /v1/events with generated malformed requests', () => {
  it('refuses every one with a 4xx problem body, publishes none and stays up', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(badRequest, async ({ label, contentType, body }) => {
        const response = await harness.app.inject({
          method: 'POST',
          url: '/v1/events',
          headers: contentType === undefined ? {} : { 'content-type': contentType },
          payload: body,
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        const problem = response.json<Record<string, unknown>>();
        const clientError = response.statusCode >= 400 && response.statusCode < 500;
        expect({ label, status: response.statusCode, clientError }).toEqual({
          label,
          status: response.statusCode,
          clientError: true,
        });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(problem).toMatchObject({
          type: expect.stringMatching(/^urn:cip:problem:[a-z0-9-]+$/),
          title: expect.any(String),
          status: response.statusCode,
          code: expect.stringMatching(/^[A-Z0-9_]+$/),
        });
        for (const issue of (problem['errors'] as Array<Record<string, unknown>> | undefined) ??
          []) {
          expect(issue).toEqual({
            path: expect.stringMatching(/^\//),
            code: expect.any(String),
            message: expect.any(String),
          });
        }
      }),
      { numRuns: 5_000 },
    );
    // The generators reached every kind of refusal: bad input, wrong type, too large.
    expect([...statuses.keys()].sort()).toEqual([400, 413, 415]);

    const live = await harness.app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);

    // Nothing refused was published (the topic has no record at all).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(harness.reader.messages).toHaveLength(0);
  });
});
