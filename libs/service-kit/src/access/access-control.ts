import { parseApiKey, secretMatches } from './api-key';
import { requiredScope, type RouteScopeRule } from './route-scopes';
import type { TokenBucketLimiter } from './token-bucket';

/** A stored API key: one per source system (call center, billing...), never the secret itself. */
export interface ApiKeyRecord {
  keyId: string;
  name: string;
  sourceSystem: string;
  secretHash: string;
  scopes: readonly string[];
  ratePerSecond: number;
  burst: number;
  revokedAt: Date | null;
}

/** Who is calling, for authorization and the audit trail. */
export interface Principal {
  keyId: string | null;
  sourceSystem: string;
  scopes: readonly string[] | 'all';
}

export const ANONYMOUS: Principal = { keyId: null, sourceSystem: 'anonymous', scopes: 'all' };

export type AccessDecision =
  | { allowed: true; principal: Principal; headers: Record<string, string> }
  | {
      allowed: false;
      status: 401 | 403 | 429;
      code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'RATE_LIMITED';
      title: string;
      headers: Record<string, string>;
    };

export interface AccessControlOptions {
  rules: readonly RouteScopeRule[];
  /** The current keys (cached and refreshed by the caller). */
  keys(): Promise<readonly ApiKeyRecord[]>;
  limiter: TokenBucketLimiter;
  nowMs(): number;
  /** When false (development), a request without a key is let through as ANONYMOUS. */
  keysRequired: boolean;
}

/** Authenticates the API key of a request, checks the route's scope and the key's rate limit. */
export class AccessControl {
  private indexed: { source: readonly ApiKeyRecord[]; byId: Map<string, ApiKeyRecord> } | undefined;

  constructor(private readonly options: AccessControlOptions) {}

  async authorize(
    method: string,
    url: string,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<AccessDecision> {
    const scope = requiredScope(this.options.rules, method, url);
    if (scope === 'public') return { allowed: true, principal: ANONYMOUS, headers: {} };

    const token = presentedToken(headers);
    if (token === undefined) {
      if (!this.options.keysRequired) return { allowed: true, principal: ANONYMOUS, headers: {} };
      return refused(401, 'UNAUTHORIZED', 'An API key is required (Authorization: Bearer <key>)');
    }
    const key = await this.verify(token);
    if (!key) return refused(401, 'UNAUTHORIZED', 'The API key is unknown, revoked or malformed');
    if (scope === undefined || !key.scopes.includes(scope)) {
      const needs = scope ?? 'a route rule';
      return refused(403, 'FORBIDDEN', `This API key lacks the scope this route needs: ${needs}`);
    }

    const rate = this.options.limiter.take(
      key.keyId,
      key.ratePerSecond,
      key.burst,
      this.options.nowMs(),
    );
    const rateHeaders = {
      'ratelimit-limit': String(key.ratePerSecond),
      'ratelimit-remaining': String(rate.remaining),
    };
    if (!rate.allowed) {
      return refused(429, 'RATE_LIMITED', 'Rate limit of this API key exceeded', {
        ...rateHeaders,
        'retry-after': String(rate.retryAfterSeconds),
      });
    }
    const principal: Principal = {
      keyId: key.keyId,
      sourceSystem: key.sourceSystem,
      scopes: key.scopes,
    };
    return { allowed: true, principal, headers: rateHeaders };
  }

  private async verify(token: string): Promise<ApiKeyRecord | undefined> {
    const presented = parseApiKey(token);
    if (!presented) return undefined;
    const key = (await this.keysById()).get(presented.keyId);
    if (!key || key.revokedAt !== null) return undefined;
    return secretMatches(presented.secret, key.secretHash) ? key : undefined;
  }

  private async keysById(): Promise<Map<string, ApiKeyRecord>> {
    const keys = await this.options.keys();
    if (this.indexed?.source !== keys) {
      this.indexed = { source: keys, byId: new Map(keys.map((key) => [key.keyId, key])) };
    }
    return this.indexed.byId;
  }
}

function presentedToken(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const authorization = headers['authorization'];
  if (typeof authorization === 'string' && /^bearer\s+/i.test(authorization))
    return authorization.replace(/^bearer\s+/i, '');
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

function refused(
  status: 401 | 403 | 429,
  code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'RATE_LIMITED',
  title: string,
  headers: Record<string, string> = {},
): AccessDecision {
  return { allowed: false, status, code, title, headers };
}
