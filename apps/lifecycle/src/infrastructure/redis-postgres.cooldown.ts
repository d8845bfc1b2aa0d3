import { AlertEntity, qualifiedTableName } from '@cip/persistence';
import type { CooldownLookup, CooldownRequest } from '@cip/lifecycle-domain';
import { customerKey, execPipeline } from '@cip/state';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

interface OtherAlert {
  ord: number;
  alert_id: string;
  raised_at: Date;
}

/**
 * Cooldown per (customer, trigger). Redis `SET NX PX` holds the id of the alert that owns the
 * window (customer hash tag in the key): a different holder means cooling down, our own id means
 * this is a retry of the same firing. Redis can lose writes, so a free slot is confirmed against
 * the durable alert table in Postgres, and the cache is repaired from it. A batch costs one
 * Redis pipeline and one Postgres query whatever its size.
 */
export class RedisPostgresCooldown implements CooldownLookup {
  private readonly alerts: string;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly dataSource: DataSource,
  ) {
    this.alerts = qualifiedTableName(dataSource, AlertEntity);
  }

  async isCoolingDown(request: CooldownRequest): Promise<boolean> {
    const [cooling] = await this.areCoolingDown([request]);
    return cooling ?? false;
  }

  /**
   * Same answers as one call per request in order. The pipeline runs in order on Redis, so an
   * earlier request's reservation is what a later one of its pair finds; firings let through
   * earlier in the batch are not in Postgres yet, so they are checked here as the table would be.
   */
  async areCoolingDown(requests: readonly CooldownRequest[]): Promise<boolean[]> {
    if (requests.length === 0) return [];
    const keys = requests.map((r) => this.keyOf(r));
    const remaining = requests.map((r) => r.raisedAt.getTime() + r.cooldownMs - r.now.getTime());
    // Both at once (one round trip of latency): the alert table's answer is simply not used for
    // a request Redis already answered.
    const [heldByOther, stored] = await Promise.all([
      this.reserve(requests, keys, remaining),
      this.otherAlerts(requests),
    ]);
    const letThrough: CooldownRequest[] = [];
    const repairs: Array<{ key: string; alertId: string; ms: number }> = [];
    const answers = requests.map((request, i) => {
      if (heldByOther.has(i)) return true;
      const other = stored.get(i);
      const earlier = letThrough.find(
        (f) =>
          f.customerId === request.customerId &&
          f.triggerId === request.triggerId &&
          f.alertId !== request.alertId &&
          Math.abs(f.raisedAt.getTime() - request.raisedAt.getTime()) < request.cooldownMs,
      );
      if (!other && !earlier) {
        letThrough.push(request);
        return false;
      }
      if (other) {
        const ms = other.raised_at.getTime() + request.cooldownMs - request.now.getTime();
        if (ms > 0) repairs.push({ key: keys[i]!, alertId: other.alert_id, ms });
      }
      return true;
    });
    if (repairs.length > 0) {
      const pipeline = this.redis.pipeline();
      for (const r of repairs) pipeline.set(r.key, r.alertId, 'PX', r.ms);
      await execPipeline(pipeline, 'repair cooldowns');
    }
    return answers;
  }

  /** SET NX + GET per request that can still reserve; the indexes held by another alert. */
  private async reserve(
    requests: readonly CooldownRequest[],
    keys: readonly string[],
    remaining: readonly number[],
  ): Promise<Set<number>> {
    const heldByOther = new Set<number>();
    const reserving = remaining.flatMap((ms, i) => (ms > 0 ? [i] : []));
    if (reserving.length === 0) return heldByOther;
    const pipeline = this.redis.pipeline();
    for (const i of reserving) {
      pipeline.set(keys[i]!, requests[i]!.alertId, 'PX', remaining[i]!, 'NX');
      pipeline.get(keys[i]!);
    }
    const replies = await execPipeline(pipeline, 'reserve cooldowns');
    reserving.forEach((i, n) => {
      const [setError, reserved] = replies[2 * n] ?? [];
      const [getError, holder] = replies[2 * n + 1] ?? [];
      if (setError) throw setError;
      if (getError) throw getError;
      if (reserved === null && holder !== null && holder !== requests[i]!.alertId)
        heldByOther.add(i);
    });
    return heldByOther;
  }

  /** Per request: the latest other alert of its pair within the window, if any. */
  private async otherAlerts(
    requests: readonly CooldownRequest[],
  ): Promise<Map<number, OtherAlert>> {
    const asked = requests.map((r, i) => ({ r, i }));
    const rows = (await this.dataSource.query(
      `SELECT q.ord::int AS ord, a.alert_id, a.raised_at
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
         AS q(ord, customer_id, trigger_id, alert_id, from_at, to_at)
       CROSS JOIN LATERAL (
         SELECT alert_id, raised_at FROM ${this.alerts}
         WHERE customer_id = q.customer_id AND trigger_id = q.trigger_id
           AND alert_id <> q.alert_id AND raised_at > q.from_at AND raised_at < q.to_at
         ORDER BY raised_at DESC LIMIT 1
       ) a`,
      [
        asked.map(({ i }) => i),
        asked.map(({ r }) => r.customerId),
        asked.map(({ r }) => r.triggerId),
        asked.map(({ r }) => r.alertId),
        asked.map(({ r }) => new Date(r.raisedAt.getTime() - r.cooldownMs).toISOString()),
        asked.map(({ r }) => new Date(r.raisedAt.getTime() + r.cooldownMs).toISOString()),
      ],
    )) as OtherAlert[];
    return new Map(rows.map((row) => [row.ord, { ...row, raised_at: new Date(row.raised_at) }]));
  }

  private keyOf(request: CooldownRequest): string {
    return customerKey(this.keyPrefix, request.customerId, `cooldown:${request.triggerId}`);
  }
}
