import { loadServiceConfig } from '@cip/config';
import { createDataSource, runMigrations } from '@cip/persistence';
import { applyContactEvent, buildSegmentCatalog } from '@cip/segmentation-domain';
import { closeRedisClient, createRedisClient } from '@cip/state';
import { newIsolation, removeIsolation, testInfra } from '@cip/testing';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { PostgresSegmentationJournal } from '../infrastructure/postgres-segmentation.journal';
import { RedisSegmentStateStore } from '../infrastructure/redis-segment-state.store';
import { complaint, REPEATED_COMPLAINERS, snapshotOf } from '../testing.fakes';
import { rebuildHotState } from './rebuild-hot-state';

const infra = testInfra();
const isolation = newIsolation('segrebuild');
const config = loadServiceConfig('segmentation', {
  REDIS_URL: infra.redisUrl,
  DATABASE_URL: infra.databaseUrl,
  DATABASE_SCHEMA_PREFIX: isolation.schemaPrefix,
  DATABASE_POOL_SIZE: '2',
});
const catalog = buildSegmentCatalog({ active: [REPEATED_COMPLAINERS] });
const NOW = Date.parse('2026-05-20T12:00:00.000Z');

let redis: Redis;
let dataSource: DataSource;

beforeAll(async () => {
  redis = createRedisClient(config.redis);
  await runMigrations('segmentation', config);
  dataSource = await createDataSource('segmentation', config).initialize();
});

afterAll(async () => {
  await closeRedisClient(redis);
  await dataSource.destroy();
  await removeIsolation(infra, isolation);
});

async function flushIsolation(): Promise<void> {
  const keys = await redis.keys(`${isolation.redisKeyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

describe('rebuildHotState (real Redis and Postgres)', () => {
  it('restores states, segment bitmaps and timers after Redis lost everything', async () => {
    const store = new RedisSegmentStateStore(redis, isolation.redisKeyPrefix);
    const journal = new PostgresSegmentationJournal(dataSource);
    const ids = Array.from({ length: 25 }, (_, i) => `r-${String(i).padStart(2, '0')}`);
    for (const id of ids) {
      let state = applyContactEvent(
        undefined,
        complaint(`${id}-a`, id, '2026-05-18T10:00:00Z'),
        catalog,
        NOW,
      ).state;
      // Every other customer complains twice and enters the segment.
      if (Number(id.slice(2)) % 2 === 0)
        state = applyContactEvent(
          state,
          complaint(`${id}-b`, id, '2026-05-19T10:00:00Z'),
          catalog,
          NOW,
        ).state;
      const [seq] = await store.writeMany([{ state, expectedSeq: undefined }], catalog);
      await journal.record({
        eventIds: [],
        states: [snapshotOf(state, seq!)],
        changes: state.pending,
      });
    }
    const before = await store.loadMany(ids, catalog);
    const size = await store.segmentSize(REPEATED_COMPLAINERS.code);
    expect(size).toBe(13);
    const timer = await store.timerOf('r-00');
    expect(timer).not.toBeNull();

    await flushIsolation();
    expect(await store.segmentSize(REPEATED_COMPLAINERS.code)).toBe(0);

    const report = await rebuildHotState(
      { dataSource, store, catalog },
      { pageSize: 10, clock: () => NOW },
    );
    expect(report).toEqual({ read: 25, restored: 25, kept: 0 });
    const after = await store.loadMany(ids, catalog);
    for (const id of ids) {
      expect(after.get(id)!.seq).toBe(before.get(id)!.seq);
      // The timer is due at once: the poller re-evaluates and re-arms it under today's catalog.
      expect(after.get(id)!.state).toEqual({
        ...before.get(id)!.state,
        pending: [],
        nextDueMs: NOW,
      });
    }
    expect(await store.segmentSize(REPEATED_COMPLAINERS.code)).toBe(13);
    expect(await store.timerOf('r-00')).toBe(NOW);
    expect(timer).toBeGreaterThan(NOW);

    // A second run finds everyone present and changes nothing.
    expect(await rebuildHotState({ dataSource, store, catalog })).toEqual({
      read: 25,
      restored: 0,
      kept: 25,
    });
  });
});
