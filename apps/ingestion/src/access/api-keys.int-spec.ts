import { requiredScope } from '@cip/service-kit';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { startIngestionHarness, type IngestionHarness } from '../ingestion-int.harness';
import { API_KEYS_REFRESH_MS } from './access.providers';
import { INGESTION_ROUTE_SCOPES } from './ingestion-route-scopes';
import { PostgresApiKeyStore } from './postgres-api-key.store';

jest.setTimeout(60_000);

let harness: IngestionHarness;
let store: PostgresApiKeyStore;
let writerToken: string;
let readerToken: string;

function event(): Record<string, unknown> {
  return {
    eventId: `evt-${randomUUID()}`,
    type: 'survey.answered',
    version: 1,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    customerId: `cust-${randomUUID().slice(0, 8)}`,
    source: 'web',
    payload: { score: 9 },
  };
}

/** Posts one event; a 503 (Kafka briefly unavailable under load) is retried as clients must. */
async function postEvent(token: string | undefined) {
  for (let attempt = 1; ; attempt++) {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      payload: JSON.stringify(event()),
    });
    if (response.statusCode !== 503 || attempt === 5)
      return { status: response.statusCode, headers: response.headers, body: response.json() };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  harness = await startIngestionHarness('apikeys', { env: { API_KEYS_REQUIRED: 'true' } });
  store = new PostgresApiKeyStore(harness.dataSource);
  writerToken = (
    await store.create({
      name: 'Call center',
      sourceSystem: 'call-center',
      scopes: ['events:write'],
      ratePerSecond: 1,
      burst: 3,
    })
  ).token;
  readerToken = (
    await store.create({
      name: 'Reporting',
      sourceSystem: 'reporting',
      scopes: ['events:read'],
      ratePerSecond: 100,
      burst: 100,
    })
  ).token;
});

afterAll(async () => {
  await harness?.stop();
});

describe('API keys on the ingestion API (real Postgres and Kafka)', () => {
  it('refuses a request without a key, or with an unknown one, with a 401 problem', async () => {
    const missing = await postEvent(undefined);
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });

    const forged = writerToken.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect((await postEvent(forged)).status).toBe(401);
    expect((await postEvent('not-a-key')).status).toBe(401);
  });

  it('accepts a key with the route scope and refuses one without it (403)', async () => {
    expect((await postEvent(writerToken)).status).toBe(202);
    const wrongScope = await postEvent(readerToken);
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps health, metrics and the API description open', async () => {
    for (const url of ['/health/live', '/metrics', '/openapi.json']) {
      expect((await harness.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
  });

  it('answers 429 with Retry-After once a key exceeds its rate', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof postEvent>> | undefined;
    for (let i = 0; i < 6; i++) {
      const response = await postEvent(writerToken);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses).toContain(429);
    expect(limited?.headers['retry-after']).toBeDefined();
    expect(limited?.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  });

  it('stops accepting a revoked key within the refresh period', async () => {
    const { record, token } = await store.create({
      name: 'Branch',
      sourceSystem: 'branch',
      scopes: ['events:write'],
      ratePerSecond: 100,
      burst: 100,
    });
    await new Promise((resolve) => setTimeout(resolve, API_KEYS_REFRESH_MS + 200));
    expect((await postEvent(token)).status).toBe(202);
    expect(await store.revoke(record.keyId)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, API_KEYS_REFRESH_MS + 200));
    expect((await postEvent(token)).status).toBe(401);
  });

  it('records the calling system of the key, refined by x-actor, in the profile audit trail', async () => {
    const { token } = await store.create({
      name: 'CRM',
      sourceSystem: 'crm',
      scopes: ['customers:write'],
      ratePerSecond: 100,
      burst: 100,
    });
    await new Promise((resolve) => setTimeout(resolve, API_KEYS_REFRESH_MS + 200));
    const customerId = `cust-audit-${randomUUID().slice(0, 8)}`;
    const response = await harness.app.inject({
      method: 'PUT',
      url: `/v1/customers/${customerId}`,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-actor': 'agent-42',
      },
      payload: JSON.stringify({ kind: 'person' }),
    });
    expect(response.statusCode).toBe(200);
    const audit = (await harness.dataSource.query(
      `SELECT actor FROM customer_profile_audit WHERE customer_id = $1`,
      [customerId],
    )) as {
      actor: string;
    }[];
    expect(audit).toEqual([{ actor: 'crm/agent-42' }]);
  });

  it('has a scope rule for every route the service serves', () => {
    const fastify = harness.app.getHttpAdapter().getInstance() as FastifyInstance;
    const routes = listRoutes(fastify);
    expect(routes.length).toBeGreaterThan(3);
    const uncovered = routes.filter(
      ({ method, url }) => requiredScope(INGESTION_ROUTE_SCOPES, method, url) === undefined,
    );
    expect(uncovered).toEqual([]);
  });
});

/**
 * Concrete sample URLs of the registered routes, from Fastify's printed route tree (each level
 * indented by four characters); a `/:param` segment becomes `/x`, any other colon is literal.
 */
function listRoutes(fastify: FastifyInstance): { method: string; url: string }[] {
  const printed = fastify.printRoutes({ commonPrefix: false, includeHooks: false });
  const pathAtDepth: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of printed.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    const path = (depth > 0 ? (pathAtDepth[depth - 1] ?? '') : '') + (match[2] as string);
    pathAtDepth[depth] = path;
    const url = path.replace(/\/:[A-Za-z]+/g, '/x');
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url });
    }
  }
  return routes;
}
