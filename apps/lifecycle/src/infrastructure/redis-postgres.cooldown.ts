import { AlertEntity } from '@cip/persistence';
import type { CooldownLookup, CooldownRequest } from '@cip/lifecycle-domain';
import { customerKey } from '@cip/state';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

/**
 * Cooldown per (customer, trigger). Redis `SET NX PX` holds the id of the alert that owns the
 * window (customer hash tag in the key): a different holder means cooling down, our own id means
 * this is a retry of the same firing. Redis can lose writes, so a free slot is confirmed against
 * the durable alert table, and the cache is repaired from it.
 */
export class RedisPostgresCooldown implements CooldownLookup {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly dataSource: DataSource,
  ) {}

  async isCoolingDown(request: CooldownRequest): Promise<boolean> {
    const key = customerKey(this.keyPrefix, request.customerId, `cooldown:${request.triggerId}`);
    const remainingMs = request.raisedAt.getTime() + request.cooldownMs - request.now.getTime();
    if (remainingMs > 0) {
      const reserved = await this.redis.set(key, request.alertId, 'PX', remainingMs, 'NX');
      if (reserved === null) {
        const holder = await this.redis.get(key);
        if (holder !== null && holder !== request.alertId) return true;
      }
    }

    const other = await this.dataSource
      .getRepository(AlertEntity)
      .createQueryBuilder('alert')
      .select(['alert.alertId', 'alert.raisedAt'])
      .where(
        'alert.customerId = :customerId AND alert.triggerId = :triggerId AND alert.alertId <> :alertId',
        request,
      )
      .andWhere('alert.raisedAt > :from AND alert.raisedAt < :to', {
        from: new Date(request.raisedAt.getTime() - request.cooldownMs),
        to: new Date(request.raisedAt.getTime() + request.cooldownMs),
      })
      .orderBy('alert.raisedAt', 'DESC')
      .limit(1)
      .getOne();
    if (!other) return false;

    const otherRemainingMs = other.raisedAt.getTime() + request.cooldownMs - request.now.getTime();
    if (otherRemainingMs > 0) await this.redis.set(key, other.alertId, 'PX', otherRemainingMs);
    return true;
  }
}
