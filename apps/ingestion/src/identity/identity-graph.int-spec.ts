import { loadServiceConfig } from '@cip/config';
import {
  FixedClock,
  IdentifierNormaliser,
  ResolveCustomer,
  type Identifier,
  type OutboxNotifier,
} from '@cip/ingestion-domain';
import { createDataSource, runMigrations } from '@cip/persistence';
import { closeRedisClient, createRedisClient } from '@cip/state';
import { createLogger } from '@cip/telemetry';
import { newIsolation, removeIsolation, serviceEnv, testInfra } from '@cip/testing';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { PostgresIdentityGraph } from './postgres-identity.graph';
import { RedisIdentityCache } from './redis-identity.cache';

jest.setTimeout(60_000);

const infra = testInfra();
const isolation = newIsolation('identity');
const config = loadServiceConfig('ingestion', serviceEnv(infra, isolation));
const logger = createLogger({ serviceName: 'ingestion', level: 'silent' });
const normaliser = new IdentifierNormaliser({
  defaultCallingCode: '33',
  nationalIdHashSecret: config.identity.nationalIdHashSecret,
});
const clock = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));
const notifier: OutboxNotifier & { count: number } = {
  count: 0,
  notify() {
    this.count += 1;
  },
};

let dataSource: DataSource;
let redis: Redis;
let graph: PostgresIdentityGraph;
let cache: RedisIdentityCache;

/** A resolver per simulated instance: they share Postgres and Redis, nothing in memory. */
function resolver(): ResolveCustomer {
  return new ResolveCustomer({ graph, cache, outbox: notifier, clock });
}

function ids(raw: Record<string, string>): Identifier[] {
  const result = normaliser.normalise(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.identifiers;
}

const count = async (sql: string, params: unknown[] = []): Promise<number> =>
  ((await dataSource.query(sql, params)) as { n: number }[])[0]?.n ?? -1;

beforeAll(async () => {
  await runMigrations('ingestion', config);
  dataSource = await createDataSource('ingestion', config, { poolSize: 12 }).initialize();
  redis = createRedisClient(config.redis);
  graph = new PostgresIdentityGraph(dataSource);
  cache = new RedisIdentityCache(redis, logger, { keyPrefix: config.redis.keyPrefix });
});

afterAll(async () => {
  await dataSource?.destroy();
  if (redis) await closeRedisClient(redis);
  await removeIsolation(infra, isolation);
});

describe('identity resolution on Postgres and Redis', () => {
  it('creates exactly one customer when many requests bring the same new phone at once', async () => {
    const spellings = ['+33 7 00 00 00 01', '07 00 00 00 01', '0033700000001', '7.00.00.00.01'];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        resolver().resolve(ids({ phone: spellings[i % spellings.length] as string }), {
          source: 't',
        }),
      ),
    );
    const customerIds = new Set(results.map((r) => r.customerId));
    expect(customerIds.size).toBe(1);
    expect(results.filter((r) => r.created.length > 0)).toHaveLength(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM customer_identifier WHERE kind = 'phone' AND value = '+33700000001'`,
      ),
    ).toBe(1);
    expect(
      await count(`SELECT count(*)::int AS n FROM customer WHERE id = $1 AND status = 'prospect'`, [
        [...customerIds][0],
      ]),
    ).toBe(1);
  });

  it('merges once when concurrent requests link two customers, and every answer is the survivor', async () => {
    clock.set(new Date('2025-01-01T12:00:00.000Z'));
    await resolver().resolve(ids({ customerId: 'link-old', phone: '+33700000002' }), {
      source: 't',
    });
    clock.advance(60_000);
    await resolver().resolve(ids({ customerId: 'link-new', email: 'link@x.io' }), { source: 't' });
    const before = notifier.count;

    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        resolver().resolve(
          i % 4 === 0
            ? ids({ email: 'link@x.io' })
            : i % 4 === 1
              ? ids({ customerId: 'link-new' })
              : ids({ phone: '+33700000002', email: 'LINK@x.io' }),
          { source: 't' },
        ),
      ),
    );
    // Requests that ran before the merge may still name link-new; every later one names link-old.
    const linking = results.filter((_, i) => i % 4 >= 2);
    expect(new Set(linking.map((r) => r.customerId))).toEqual(new Set(['link-old']));
    expect(results.flatMap((r) => r.mergedIds)).toEqual(['link-new']);
    expect(notifier.count).toBe(before + 1);

    expect(
      await dataSource.query(`SELECT status, merged_into FROM customer WHERE id = 'link-new'`),
    ).toEqual([{ status: 'merged', merged_into: 'link-old' }]);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM customer_identifier WHERE customer_id = 'link-new'`,
      ),
    ).toBe(0);
    expect(
      await dataSource.query(
        `SELECT loser_id, survivor_id, identifiers_moved FROM customer_merge WHERE loser_id = 'link-new'`,
      ),
    ).toEqual([
      {
        loser_id: 'link-new',
        survivor_id: 'link-old',
        identifiers_moved: expect.arrayContaining([
          { kind: 'customerId', value: 'link-new' },
          { kind: 'email', value: 'link@x.io' },
        ]),
      },
    ]);
    const outbox = (await dataSource.query(
      `SELECT topic, message_key, value FROM outbox_message WHERE event_type = 'customer.merged'`,
    )) as { topic: string; message_key: string; value: { payload: { mergedIds: string[] } } }[];
    expect(outbox).toEqual([
      expect.objectContaining({ topic: 'customer-merged', message_key: 'link-old' }),
    ]);
    expect(outbox[0]?.value.payload.mergedIds).toEqual(['link-new']);
    for (const raw of [{ email: 'link@x.io' }, { customerId: 'link-new' }] as Record<
      string,
      string
    >[]) {
      expect((await resolver().resolve(ids(raw), { source: 't' })).customerId).toBe('link-old');
    }
  });

  it('never resolves a merged loser from a stale cache entry', async () => {
    await resolver().resolve(ids({ customerId: 'stale-a', phone: '+33700000003' }), {
      source: 't',
    });
    clock.advance(60_000);
    await resolver().resolve(ids({ customerId: 'stale-b', email: 'stale@x.io' }), { source: 't' });
    // Cached before the merge...
    expect(
      (await resolver().resolve(ids({ email: 'stale@x.io' }), { source: 't' })).customerId,
    ).toBe('stale-b');
    await resolver().resolve(ids({ phone: '+33700000003', email: 'stale@x.io' }), { source: 't' });
    // ...and written again by a request that read the graph just before the merge committed.
    await cache.remember(ids({ email: 'stale@x.io' }), 'stale-b');
    await cache.remember(ids({ customerId: 'stale-b' }), 'stale-b');
    expect(await cache.resolve(ids({ email: 'stale@x.io' }))).toBe('stale-a');
    expect(
      (await resolver().resolve(ids({ customerId: 'stale-b' }), { source: 't' })).customerId,
    ).toBe('stale-a');
  });

  it('follows merges of merges, from the cache and from the graph', async () => {
    clock.set(new Date('2025-01-02T00:00:00.000Z'));
    const seed = async (raw: Record<string, string>) => {
      await resolver().resolve(ids(raw), { source: 't' });
      clock.advance(60_000);
    };
    await seed({ customerId: 'chain-t', phone: '+33700000005' });
    await seed({ customerId: 'chain-s', email: 'chain-s@x.io' });
    await seed({ customerId: 'chain-l', deviceId: 'device-chain-l' });
    await seed({ email: 'chain-s@x.io', deviceId: 'device-chain-l' }); // l → s
    await seed({ phone: '+33700000005', email: 'chain-s@x.io' }); // s → t
    expect(await dataSource.query(`SELECT merged_into FROM customer WHERE id = 'chain-l'`)).toEqual(
      [{ merged_into: 'chain-t' }],
    );
    // Late writers cache the first loser: both hops are followed.
    await cache.remember(ids({ customerId: 'chain-l' }), 'chain-l');
    await cache.remember(ids({ deviceId: 'device-chain-l' }), 'chain-l');
    expect(await cache.resolve(ids({ customerId: 'chain-l' }))).toBe('chain-t');
    expect(await cache.resolve(ids({ deviceId: 'device-chain-l' }))).toBe('chain-t');
    await redis.del(...(await redis.keys(`${config.redis.keyPrefix}*`)));
    expect(
      (await resolver().resolve(ids({ customerId: 'chain-l' }), { source: 't' })).customerId,
    ).toBe('chain-t');
  });

  it('stores a national id only as its keyed hash', async () => {
    const { customerId } = await resolver().resolve(ids({ nationalId: '1 85 05 78 006 084' }), {
      source: 't',
    });
    const rows = (await dataSource.query(
      `SELECT value FROM customer_identifier WHERE customer_id = $1 AND kind = 'nationalId'`,
      [customerId],
    )) as { value: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.value).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM customer_identifier WHERE value LIKE '%1850578006084%'`,
      ),
    ).toBe(0);
    const redisKeys = await redis.keys(`${config.redis.keyPrefix}*`);
    expect(redisKeys.some((key) => key.includes('1850578006084') || key.includes('+337'))).toBe(
      false,
    );
  });

  it('answers from Postgres when Redis is unreachable', async () => {
    const { customerId } = await resolver().resolve(ids({ phone: '+33700000004' }), {
      source: 't',
    });
    // A closed client fails every command at once, like an unreachable server.
    const deadRedis = createRedisClient(config.redis);
    await closeRedisClient(deadRedis);
    const offline = new ResolveCustomer({
      graph,
      cache: new RedisIdentityCache(deadRedis, logger, { keyPrefix: config.redis.keyPrefix }),
      outbox: notifier,
      clock,
    });
    expect(
      (await offline.resolve(ids({ phone: '07 00 00 00 04' }), { source: 't' })).customerId,
    ).toBe(customerId);
  });
});
