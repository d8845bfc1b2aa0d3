import { loadServiceConfig } from '@cip/config';
import {
  customerMergedV1Schema,
  customerProfileChangedV1Schema,
  TOPICS,
  topicName,
} from '@cip/contracts';
import { DATA_SOURCE } from '@cip/persistence';
import { createLogger, startTelemetry, type TelemetryHandle } from '@cip/telemetry';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
  type ReadMessage,
} from '@cip/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createIngestionTestApp } from '../ingestion-test.app';

jest.setTimeout(60_000);

const infra = testInfra();
const isolation = newIsolation('customers');
const config = loadServiceConfig(
  'ingestion',
  serviceEnv(infra, isolation, { LOG_LEVEL: 'silent', OTEL_SDK_DISABLED: 'true' }),
);
const contactEvents = topicName(config.kafka.topicPrefix, TOPICS.contactEvents);
const customerMerged = topicName(config.kafka.topicPrefix, TOPICS.customerMerged);
const profileChanged = topicName(config.kafka.topicPrefix, TOPICS.customerProfileChanged);

let telemetry: TelemetryHandle;
let app: NestFastifyApplication;
let reader: TopicReader;
let dataSource: DataSource;

/** Unique per run: the phone numbers and e-mails of one test never meet another's. */
const run = randomUUID().slice(0, 8);
const phoneOf = (n: number) => `+336${String(parseInt(run, 16) % 10_000_000).padStart(7, '0')}${n}`;

function newEvent(naming: Record<string, unknown>): Record<string, unknown> {
  return {
    eventId: `evt-${randomUUID()}`,
    type: 'call.completed',
    version: 1,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    source: 'call-center',
    payload: { direction: 'inbound', durationSeconds: 60, outcome: 'resolved' },
    ...naming,
  };
}

async function request(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await app.inject({
    method,
    url,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.body === '' ? undefined : (response.json() as Record<string, unknown>),
  };
}

/**
 * Posts the event and returns the record Kafka holds for it. A 503 is retried, as its
 * Retry-After asks clients to (a busy shared broker sometimes refuses the first produce to
 * freshly created topics).
 */
async function publish(event: Record<string, unknown>): Promise<ReadMessage> {
  let response = await request('POST', '/v1/events', event);
  for (let retry = 1; response.status === 503 && retry <= 3; retry += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    response = await request('POST', '/v1/events', event);
  }
  if (response.status !== 202) {
    throw new Error(
      `POST /v1/events answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return reader.waitFor(
    (messages) =>
      messages.find(
        (m) =>
          m.topic === contactEvents &&
          (m.value as { eventId?: unknown }).eventId === event['eventId'],
      ),
    20_000,
    `event ${String(event['eventId'])}`,
  );
}

/** Retries `check` until it passes, or throws its last failure after `timeoutMs`. */
async function eventually(check: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

beforeAll(async () => {
  await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
  telemetry = startTelemetry({ serviceName: 'ingestion', otlpEndpoint: undefined, disabled: true });
  const logger = createLogger({ serviceName: 'ingestion', level: 'silent' });
  app = await createIngestionTestApp({ config, logger, telemetry, runMigrations: true });
  dataSource = app.get<DataSource>(DATA_SOURCE);
  reader = await TopicReader.start(infra.kafkaBrokers, [
    contactEvents,
    customerMerged,
    profileChanged,
  ]);
});

afterAll(async () => {
  await reader?.stop();
  await app?.close();
  await telemetry?.shutdown();
  await removeIsolation(infra, isolation);
});

describe('identity resolution of contact events', () => {
  it('creates a prospect for an identifier-only event and publishes the event keyed by it', async () => {
    const first = await publish(newEvent({ identifiers: { phone: phoneOf(1) } }));
    const prospectId = first.key as string;
    expect(prospectId).toMatch(/^cus_[0-9a-f]{32}$/);
    expect(first.value).toMatchObject({ customerId: prospectId });
    expect(first.value).not.toHaveProperty('identifiers');

    // The same phone spelled nationally, with an e-mail: the same customer.
    const national = `0${phoneOf(1).slice(3)}`.replace(/(\d\d)(?=\d)/g, '$1 ');
    const second = await publish(
      newEvent({ identifiers: { phone: national, email: `p-${run}@x.io` } }),
    );
    expect(second.key).toBe(prospectId);
    const third = await publish(newEvent({ identifiers: { email: ` P-${run}@X.io` } }));
    expect(third.key).toBe(prospectId);
  });

  it('looks identifiers up for call centers without creating or merging anything', async () => {
    const known = await publish(newEvent({ identifiers: { phone: phoneOf(3) } }));
    const other = await publish(newEvent({ identifiers: { email: `o-${run}@x.io` } }));
    const lookup = (identifiers: Record<string, string>) =>
      request('POST', '/v1/identities:resolve', { identifiers });

    expect(await lookup({ phone: `0${phoneOf(3).slice(3)}`, deviceId: `d-${run}` })).toMatchObject({
      status: 200,
      body: {
        customerId: known.key,
        candidates: [known.key],
        matched: ['phone'],
        unmatched: ['deviceId'],
      },
    });
    const both = await lookup({ phone: phoneOf(3), email: `o-${run}@x.io` });
    expect(both).toMatchObject({ status: 200, body: { customerId: null } });
    expect((both.body?.['candidates'] as string[]).sort()).toEqual([known.key, other.key].sort());
    const unknown = await lookup({ email: `nobody-${run}@x.io` });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'CUSTOMER_NOT_FOUND' } });
    // Nothing was merged or created by the lookups.
    expect(
      await dataSource.query(
        `SELECT count(*)::int AS n FROM customer_identifier WHERE value IN ($1, $2)`,
        [`d-${run}`, `nobody-${run}@x.io`],
      ),
    ).toEqual([{ n: 0 }]);
    expect(
      await dataSource.query(`SELECT status FROM customer WHERE id = $1`, [other.key]),
    ).toEqual([{ status: 'prospect' }]);
  });

  it('names invalid identifiers with problem details', async () => {
    const event = await request(
      'POST',
      '/v1/events',
      newEvent({ identifiers: { phone: 'call me' } }),
    );
    expect(event.status).toBe(400);
    expect(event.body).toMatchObject({
      code: 'INVALID_EVENT',
      errors: [expect.objectContaining({ path: '/identifiers/phone' })],
    });
    const resolve = await request('POST', '/v1/identities:resolve', { identifiers: { fax: '1' } });
    expect(resolve.status).toBe(400);
    expect(resolve.body).toMatchObject({ code: 'INVALID_IDENTIFIERS' });
  });

  it('merges two customers, publishes customer-merged and routes the loser to the survivor', async () => {
    const survivor = `cust-a-${run}`;
    const loser = `cust-b-${run}`;
    await publish(newEvent({ customerId: survivor, identifiers: { phone: phoneOf(2) } }));
    await publish(newEvent({ customerId: loser, identifiers: { email: `b-${run}@x.io` } }));

    const linking = await publish(
      newEvent({ identifiers: { phone: phoneOf(2), email: `b-${run}@x.io` } }),
    );
    expect(linking.key).toBe(survivor);
    const merged = await reader.waitFor(
      (messages) => messages.find((m) => m.topic === customerMerged && m.key === survivor),
      20_000,
      'customer-merged',
    );
    expect(merged.headers['cip-event-type']).toBe('customer.merged');
    expect(customerMergedV1Schema.safeParse(merged.value).success).toBe(true);
    expect(merged.value).toMatchObject({
      type: 'customer.merged',
      customerId: survivor,
      causationId: (linking.value as { eventId: string }).eventId,
      payload: {
        survivorId: survivor,
        mergedIds: [loser],
        reason: 'shared-identifier',
        identifiersMoved: expect.arrayContaining([
          { kind: 'customerId', value: loser },
          { kind: 'email', value: `b-${run}@x.io` },
        ]),
      },
    });

    // Later events for the loser's id or identifiers go to the survivor.
    expect((await publish(newEvent({ customerId: loser }))).key).toBe(survivor);
    expect((await publish(newEvent({ identifiers: { email: `b-${run}@x.io` } }))).key).toBe(
      survivor,
    );

    const file = await request('GET', `/v1/customers/${loser}`);
    expect(file.status).toBe(308);
    expect(file.headers['location']).toBe(`/v1/customers/${survivor}`);
    expect(file.body).toEqual({ customerId: loser, mergedInto: survivor });
  });
});

describe('the customer file', () => {
  const customerId = `cust-file-${run}`;
  const url = `/v1/customers/${customerId}`;

  it('creates, reads and merge-patches a file with ETags, audit rows and change events', async () => {
    const created = await request(
      'PUT',
      url,
      {
        kind: 'person',
        contact: { email: ' Ann@Example.com ', phone: '06 12 34 56 78' },
        demographics: { givenName: 'Ann', birthDate: '1980-02-29' },
        preferences: {
          channel: 'email',
          language: 'fr-FR',
          timeZone: 'Europe/Paris',
          consents: {
            email: { marketing: { granted: true, at: '2025-01-01T10:00:00Z', source: 'web-form' } },
          },
        },
      },
      { 'x-actor': 'agent-17' },
    );
    expect(created.status).toBe(200);
    expect(created.headers['etag']).toBe('"1"');
    expect(created.body).toMatchObject({
      customerId,
      status: 'customer',
      version: 1,
      profile: { contact: { email: 'ann@example.com', phone: '+33612345678' } },
    });

    const read = await request('GET', url);
    expect(read.status).toBe(200);
    expect(read.headers['etag']).toBe('"1"');
    expect(read.body).toEqual(created.body);

    const patched = await app.inject({
      method: 'PATCH',
      url,
      headers: {
        'content-type': 'application/merge-patch+json',
        'if-match': '"1"',
        'x-actor': 'agent-18',
      },
      payload: JSON.stringify({ contact: { phone: null }, preferences: { channel: 'sms' } }),
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.headers['etag']).toBe('"2"');
    expect(patched.json()).toMatchObject({
      version: 2,
      profile: {
        contact: { email: 'ann@example.com' },
        preferences: { channel: 'sms', language: 'fr-FR' },
      },
    });
    expect((patched.json() as { profile: { contact: object } }).profile.contact).not.toHaveProperty(
      'phone',
    );

    const stale = await request('PATCH', url, { kind: 'organisation' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.body).toMatchObject({ code: 'PROFILE_VERSION_MISMATCH' });

    const audit = (await dataSource.query(
      `SELECT version, actor, changes FROM customer_profile_audit WHERE customer_id = $1 ORDER BY version`,
      [customerId],
    )) as { version: number; actor: string; changes: { field: string }[] }[];
    expect(audit.map((row) => [row.version, row.actor])).toEqual([
      [1, 'agent-17'],
      [2, 'agent-18'],
    ]);
    expect(audit[1]?.changes).toEqual([
      { field: '/contact/phone', value: null },
      { field: '/preferences/channel', value: 'sms' },
    ]);

    const events = await reader.waitFor(
      (messages) => {
        const mine = messages.filter((m) => m.topic === profileChanged && m.key === customerId);
        return mine.length >= 2 ? mine : undefined;
      },
      20_000,
      'two customer-profile-changed events',
    );
    for (const event of events) {
      expect(customerProfileChangedV1Schema.safeParse(event.value).success).toBe(true);
    }
    expect(events.map((m) => m.value)).toEqual([
      expect.objectContaining({
        type: 'customer.profile.changed',
        customerId,
        payload: expect.objectContaining({
          profileVersion: 1,
          changedBy: { actor: 'agent-17', via: 'api' },
        }),
      }),
      expect.objectContaining({
        payload: {
          profileVersion: 2,
          changedBy: { actor: 'agent-18', via: 'api' },
          changes: [
            { field: '/contact/phone', value: null },
            { field: '/preferences/channel', value: 'sms' },
          ],
        },
      }),
    ]);
    // Published rows leave the outbox (the DELETE commits just after the broker's ack).
    await eventually(async () =>
      expect(
        await dataSource.query(
          `SELECT count(*)::int AS n FROM outbox_message WHERE message_key = $1`,
          [customerId],
        ),
      ).toEqual([{ n: 0 }]),
    );
  });

  it('serialises concurrent changes: none lost, and one winner per If-Match', async () => {
    const concurrent = `/v1/customers/cust-concurrent-${run}`;
    expect((await request('PUT', concurrent, { kind: 'organisation' })).status).toBe(200);
    const industries = ['energy', 'retail', 'telecom', 'banking', 'insurance', 'health'];
    const blind = await Promise.all(
      industries.map((industry) =>
        request(
          'PATCH',
          concurrent,
          { firmographics: { industry }, demographics: { occupation: industry } },
          {
            'x-actor': industry,
          },
        ),
      ),
    );
    expect(blind.map((r) => r.status)).toEqual(industries.map(() => 200));
    expect(new Set(blind.map((r) => r.headers['etag'])).size).toBe(industries.length);
    const after = await request('GET', concurrent);
    expect(after.body).toMatchObject({ version: 1 + industries.length });

    const conditional = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        request(
          'PATCH',
          concurrent,
          { firmographics: { employeeCount: i } },
          {
            'if-match': String(after.headers['etag']),
          },
        ),
      ),
    );
    expect(conditional.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
    expect(
      await dataSource.query(
        `SELECT count(*)::int AS n FROM customer_profile_audit WHERE customer_id = $1`,
        [`cust-concurrent-${run}`],
      ),
    ).toEqual([{ n: 2 + industries.length }]);
  });

  it('names every invalid field, and refuses unknown ids and other media types', async () => {
    const other = `/v1/customers/cust-invalid-${run}`;
    expect((await request('PUT', other, { kind: 'person' })).status).toBe(200);
    const invalid = await request('PATCH', other, {
      preferences: {
        timeZone: 'Mars/Olympus',
        consents: { email: { marketing: { granted: 'yes' } } },
      },
      creditGrade: 'A',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'INVALID_PROFILE' });
    const paths = (invalid.body?.['errors'] as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/',
        '/preferences/timeZone',
        '/preferences/consents/email/marketing/granted',
        '/preferences/consents/email/marketing/at',
        '/preferences/consents/email/marketing/source',
      ]),
    );

    expect((await request('GET', `/v1/customers/nobody-${run}`)).status).toBe(404);
    expect((await request('PATCH', `/v1/customers/nobody-${run}`, { kind: 'person' })).status).toBe(
      404,
    );
    const xml = await app.inject({
      method: 'PUT',
      url,
      headers: { 'content-type': 'application/xml' },
      payload: '<profile/>',
    });
    expect(xml.statusCode).toBe(415);
  });
});
