import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import type { CooldownRequest } from '@cip/lifecycle-domain';
import { createDataSource, runMigrations } from '@cip/persistence';
import { closeRedisClient, createRedisClient, customerKey } from '@cip/state';
import { newIsolation, removeIsolation, serviceEnv, testInfra } from '@cip/testing';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { RedisPostgresCooldown } from './redis-postgres.cooldown';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date();
const COOLDOWN = 7 * DAY;

/**
 * The batch form of the cooldown on real Redis and Postgres: one pipeline and one query, with
 * the answers of one call per request in order (an earlier firing counts for its pair).
 */
describe('RedisPostgresCooldown.areCoolingDown', () => {
  const infra = testInfra();
  const isolation = newIsolation('lccool');
  let config: ServiceConfig;
  let dataSource: DataSource;
  let redis: Redis;

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true', DATABASE_POOL_SIZE: '2' }),
    );
    await runMigrations('lifecycle', config);
    dataSource = await createDataSource('lifecycle', config).initialize();
    redis = createRedisClient(config.redis);
  });

  afterAll(async () => {
    if (redis) await closeRedisClient(redis);
    await dataSource?.destroy();
    await removeIsolation(infra, isolation);
  });

  const request = (customerId: string, alertId: string, agoMs: number): CooldownRequest => ({
    customerId,
    triggerId: 'cancellation-request',
    alertId,
    raisedAt: new Date(NOW.getTime() - agoMs),
    cooldownMs: COOLDOWN,
    now: NOW,
  });

  async function storeAlert(customerId: string, alertId: string, agoMs: number): Promise<void> {
    await dataSource.query(
      `INSERT INTO "${config.database.schema}".alert
         (alert_id, customer_id, trigger_id, severity, reason, evidence, suggested_strategy,
          value_tier, raised_at, caused_by_event_id)
       VALUES ($1, $2, 'cancellation-request', 'high', 'r', '{}'::jsonb, 's', 'unknown', $3, 'e')`,
      [alertId, customerId, new Date(NOW.getTime() - agoMs)],
    );
  }

  it('answers a batch in order: earlier firings of the batch count, retries and the alert table as before', async () => {
    const prefix = `${isolation.redisKeyPrefix}batch:`;
    const cooldown = new RedisPostgresCooldown(redis, prefix, dataSource);
    await storeAlert('cust-3', 'c1', 2 * DAY);
    const answers = await cooldown.areCoolingDown([
      request('cust-1', 'a1', HOUR), // first of its pair: reserves
      request('cust-1', 'a2', HOUR / 2), // the pair's window is held by a1
      request('cust-1', 'a1', HOUR), // a retry of a1 is never blocked by its own reservation
      request('cust-2', 'b1', 10 * DAY), // too old to reserve in Redis: fires
      request('cust-2', 'b2', 9 * DAY), // one day after b1, which fired earlier in the batch
      request('cust-2', 'b3', 2 * DAY), // eight days after b2 and b1
      request('cust-3', 'c2', HOUR), // c1 is in the alert table (Redis lost it)
      request('cust-4', 'd1', HOUR),
    ]);
    expect(answers).toEqual([false, true, false, false, true, false, true, false]);
    // The cache was repaired from the alert table, and holds the batch's own reservations.
    expect(await redis.get(customerKey(prefix, 'cust-3', 'cooldown:cancellation-request'))).toBe(
      'c1',
    );
    expect(await redis.get(customerKey(prefix, 'cust-1', 'cooldown:cancellation-request'))).toBe(
      'a1',
    );
    // The one-by-one form sees what the batch left.
    expect(await cooldown.isCoolingDown(request('cust-4', 'd2', HOUR / 4))).toBe(true);
    expect(await cooldown.isCoolingDown(request('cust-4', 'd1', HOUR))).toBe(false);
  });

  it('one-by-one calls give the same answers where Redis alone decides', async () => {
    const prefix = `${isolation.redisKeyPrefix}single:`;
    const cooldown = new RedisPostgresCooldown(redis, prefix, dataSource);
    await storeAlert('cust-5', 'e1', 2 * DAY);
    const requests = [
      request('cust-6', 'f1', HOUR),
      request('cust-6', 'f2', HOUR / 2),
      request('cust-6', 'f1', HOUR),
      request('cust-5', 'e2', HOUR),
    ];
    const single: boolean[] = [];
    for (const r of requests) single.push(await cooldown.isCoolingDown(r));
    const batched = await new RedisPostgresCooldown(
      redis,
      `${prefix}again:`,
      dataSource,
    ).areCoolingDown(requests);
    expect(batched).toEqual(single);
    expect(single).toEqual([false, true, false, true]);
  });
});
