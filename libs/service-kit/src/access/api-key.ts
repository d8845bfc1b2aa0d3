import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a caller presents: `cip_<keyId>_<secret>`; only the key id is ever logged or stored in clear. */
export interface PresentedApiKey {
  keyId: string;
  secret: string;
}

const KEY_PATTERN = /^cip_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export function parseApiKey(token: string): PresentedApiKey | undefined {
  const match = KEY_PATTERN.exec(token.trim());
  return match ? { keyId: match[1] as string, secret: match[2] as string } : undefined;
}

/**
 * SHA-256, not a slow password hash: the secret is 256 random bits, so there is nothing to
 * brute-force, and the check runs on every request.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export interface GeneratedApiKey {
  keyId: string;
  /** Shown to the operator once; never stored. */
  token: string;
  secretHash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const keyId = randomBytes(10).toString('hex').slice(0, 16);
  const secret = randomBytes(32).toString('base64url');
  return { keyId, token: `cip_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}
