export interface RateDecision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: seconds until one token is back. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/**
 * Per-key token buckets, in process memory: a check costs no I/O on the hot path. With several
 * instances behind a balancer each enforces the limit on its own share of the traffic.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  take(key: string, ratePerSecond: number, burst: number, nowMs: number): RateDecision {
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAtMs: nowMs };
    const elapsedSeconds = Math.max(0, nowMs - bucket.updatedAtMs) / 1_000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * ratePerSecond);
    bucket.updatedAtMs = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
    return { allowed: false, remaining: 0, retryAfterSeconds };
  }
}
