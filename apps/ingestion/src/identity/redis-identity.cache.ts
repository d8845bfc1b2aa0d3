import { identifierKey, type Identifier, type IdentityCache } from '@cip/ingestion-domain';
import { customerKey, execPipeline, serviceKey } from '@cip/state';
import type { Logger } from '@cip/telemetry';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RedisIdentityCacheOptions {
  keyPrefix: string;
  /** How long an identifier → customer entry lives. */
  entryTtlSeconds?: number;
}

const DEFAULT_ENTRY_TTL_SECONDS = 15 * 60;
const MAX_MARKER_HOPS = 8;

/**
 * Read-through cache of identifier → customer id (Postgres is the truth).
 *
 * Why a merge marker and not only invalidation: a request that read the graph just before a
 * merge committed may write its (loser) answer into the cache just after the merge deleted the
 * entries. So a merge also records `loser → survivor` under the loser's key, and every cache hit
 * is checked against it. The marker outlives any entry (longer TTL), so no stale entry can
 * outlive the marker that corrects it. Keys hash the identifier: no phone number or e-mail
 * address appears in Redis key names. Failures are logged and treated as misses.
 */
export class RedisIdentityCache implements IdentityCache {
  private readonly entryTtlSeconds: number;
  private readonly markerTtlSeconds: number;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly options: RedisIdentityCacheOptions,
  ) {
    this.entryTtlSeconds = options.entryTtlSeconds ?? DEFAULT_ENTRY_TTL_SECONDS;
    this.markerTtlSeconds = this.entryTtlSeconds * 4;
  }

  async resolve(identifiers: readonly Identifier[]): Promise<string | undefined> {
    try {
      // Issued in one tick: ioredis pipelines them into one round trip. Most events name their
      // customer by id, which usually is the answer, so its marker is fetched in the same trip.
      const named = identifiers.find((i) => i.kind === 'customerId')?.value;
      const [ids, namedMarker] = await Promise.all([
        Promise.all(identifiers.map((i) => this.redis.get(this.entryKey(i)))),
        named === undefined ? undefined : this.redis.get(this.markerKey(named)),
      ]);
      const distinct = new Set(ids);
      const [only] = distinct;
      if (distinct.size !== 1 || only === null || only === undefined) return undefined;
      // Markers chain when a survivor is merged in turn; follow them to the live customer.
      let customerId = only;
      let survivor = only === named ? namedMarker : await this.redis.get(this.markerKey(only));
      for (let hop = 0; hop < MAX_MARKER_HOPS; hop += 1) {
        if (survivor === null || survivor === undefined) return customerId;
        customerId = survivor;
        survivor = await this.redis.get(this.markerKey(customerId));
      }
      return undefined;
    } catch (err) {
      this.logger.warn({ err }, 'identity cache read failed; resolving from Postgres');
      return undefined;
    }
  }

  async remember(identifiers: readonly Identifier[], customerId: string): Promise<void> {
    try {
      const pipeline = this.redis.pipeline();
      for (const identifier of identifiers) {
        pipeline.set(this.entryKey(identifier), customerId, 'EX', this.entryTtlSeconds);
      }
      await execPipeline(pipeline, 'remember identities');
    } catch (err) {
      this.logger.warn({ err }, 'identity cache write failed');
    }
  }

  async merged(loserId: string, survivorId: string, moved: readonly Identifier[]): Promise<void> {
    try {
      // Marker first: from then on a stale entry naming the loser is corrected on read.
      await this.redis.set(this.markerKey(loserId), survivorId, 'EX', this.markerTtlSeconds);
      if (moved.length > 0) await this.redis.del(...moved.map((i) => this.entryKey(i)));
    } catch (err) {
      this.logger.warn({ err }, 'identity cache invalidation after a merge failed');
    }
  }

  private entryKey(identifier: Identifier): string {
    const digest = createHash('sha256').update(identifierKey(identifier)).digest('base64url');
    return serviceKey(this.options.keyPrefix, 'ingestion', 'identity', identifier.kind, digest);
  }

  private markerKey(customerId: string): string {
    return customerKey(this.options.keyPrefix, customerId, 'merged-into');
  }
}
