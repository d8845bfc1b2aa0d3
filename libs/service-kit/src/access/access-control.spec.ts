import { AccessControl, ANONYMOUS, type ApiKeyRecord } from './access-control';
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key';
import { PUBLIC_OPERATIONS_RULES, requiredScope, type RouteScopeRule } from './route-scopes';
import { TokenBucketLimiter } from './token-bucket';

const RULES: RouteScopeRule[] = [
  ...PUBLIC_OPERATIONS_RULES,
  { methods: ['POST'], path: /^\/v1\/events$/, scope: 'events:write' },
  { methods: ['GET'], path: /^\/v1\/customers\/[^/]+$/, scope: 'customers:read' },
];

function keyRecord(overrides: Partial<ApiKeyRecord> = {}) {
  const generated = generateApiKey();
  const record: ApiKeyRecord = {
    keyId: generated.keyId,
    name: 'Call center',
    sourceSystem: 'call-center',
    secretHash: generated.secretHash,
    scopes: ['events:write'],
    ratePerSecond: 2,
    burst: 2,
    revokedAt: null,
    ...overrides,
  };
  return { record, token: generated.token };
}

function accessControl(keys: ApiKeyRecord[], keysRequired = true, clock = { ms: 0 }) {
  return new AccessControl({
    rules: RULES,
    keys: async () => keys,
    limiter: new TokenBucketLimiter(),
    nowMs: () => clock.ms,
    keysRequired,
  });
}

describe('API key tokens', () => {
  it('round-trips a generated key and matches only its own secret', () => {
    const { keyId, token, secretHash } = generateApiKey();
    const parsed = parseApiKey(token);
    expect(parsed?.keyId).toBe(keyId);
    expect(secretMatches(parsed?.secret ?? '', secretHash)).toBe(true);
    expect(secretMatches('x'.repeat(43), secretHash)).toBe(false);
    expect(hashSecret(parsed?.secret ?? '')).toBe(secretHash);
    expect(token).not.toContain(secretHash);
  });

  it('refuses tokens of the wrong shape', () => {
    for (const token of ['', 'cip_', 'cip_short_secret', `xyz_${'a'.repeat(16)}_${'b'.repeat(43)}`])
      expect(parseApiKey(token)).toBeUndefined();
  });
});

describe('requiredScope', () => {
  it('finds the first matching rule, ignores the query string, and leaves unknown routes undefined', () => {
    expect(requiredScope(RULES, 'GET', '/health/ready')).toBe('public');
    expect(requiredScope(RULES, 'POST', '/v1/events?x=1')).toBe('events:write');
    expect(requiredScope(RULES, 'GET', '/v1/events')).toBeUndefined();
    expect(requiredScope(RULES, 'DELETE', '/v1/customers/c1')).toBeUndefined();
  });
});

describe('TokenBucketLimiter', () => {
  it('allows a burst, then refills at the rate', () => {
    const limiter = new TokenBucketLimiter();
    const take = (ms: number) => limiter.take('k', 2, 3, ms).allowed;
    expect([take(0), take(0), take(0), take(0)]).toEqual([true, true, true, false]);
    expect(limiter.take('k', 2, 3, 0).retryAfterSeconds).toBe(1);
    expect(take(500)).toBe(true); // one token back after half a second at 2/s
    expect(take(500)).toBe(false);
    expect(limiter.take('other', 2, 3, 500).allowed).toBe(true);
  });
});

describe('AccessControl', () => {
  it('lets public routes through without a key', async () => {
    const decision = await accessControl([]).authorize('GET', '/metrics', {});
    expect(decision).toMatchObject({ allowed: true, principal: ANONYMOUS });
  });

  it('authenticates by bearer or x-api-key, and names the principal', async () => {
    const { record, token } = keyRecord();
    const control = accessControl([record]);
    for (const headers of [{ authorization: `Bearer ${token}` }, { 'x-api-key': token }]) {
      const decision = await control.authorize('POST', '/v1/events', headers);
      expect(decision).toMatchObject({
        allowed: true,
        principal: { keyId: record.keyId, sourceSystem: 'call-center' },
      });
    }
  });

  it('refuses missing, unknown, revoked and out-of-scope keys, and unknown routes', async () => {
    const live = keyRecord();
    const revoked = keyRecord({ revokedAt: new Date(0) });
    const control = accessControl([live.record, revoked.record]);
    const status = async (method: string, url: string, token?: string) => {
      const decision = await control.authorize(
        method,
        url,
        token ? { authorization: `Bearer ${token}` } : {},
      );
      return decision.allowed ? 200 : decision.status;
    };
    expect(await status('POST', '/v1/events')).toBe(401);
    expect(await status('POST', '/v1/events', keyRecord().token)).toBe(401);
    expect(await status('POST', '/v1/events', revoked.token)).toBe(401);
    expect(await status('GET', '/v1/customers/c1', live.token)).toBe(403);
    expect(await status('DELETE', '/v1/everything', live.token)).toBe(403);
    expect(await status('POST', '/v1/events', live.token)).toBe(200);
  });

  it('rate-limits per key with Retry-After', async () => {
    const { record, token } = keyRecord({ ratePerSecond: 1, burst: 1 });
    const control = accessControl([record]);
    const headers = { authorization: `Bearer ${token}` };
    expect((await control.authorize('POST', '/v1/events', headers)).allowed).toBe(true);
    const refused = await control.authorize('POST', '/v1/events', headers);
    expect(refused).toMatchObject({ allowed: false, status: 429, code: 'RATE_LIMITED' });
    expect(refused.headers['retry-after']).toBe('1');
  });

  it('lets anonymous callers in when keys are not required, but still checks a presented key', async () => {
    const { record, token } = keyRecord();
    const control = accessControl([record], false);
    expect(await control.authorize('GET', '/v1/customers/c1', {})).toMatchObject({
      allowed: true,
      principal: ANONYMOUS,
    });
    const withKey = await control.authorize('GET', '/v1/customers/c1', {
      authorization: `Bearer ${token}`,
    });
    expect(withKey).toMatchObject({ allowed: false, status: 403 });
  });
});
