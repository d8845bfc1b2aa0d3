import { loadServiceConfig } from '@cip/config';
import { createDataSource, runMigrations } from '@cip/persistence';
import {
  applyContactEvent,
  buildSegmentCatalog,
  encodeSegmentStateHash,
  fieldsForSegmentChange,
  reevaluateCustomer,
  selectionForSegmentChange,
  STATE_FIELDS,
  type CustomerSegmentState,
} from '@cip/segmentation-domain';
import { closeRedisClient, createRedisClient, registerLuaScript } from '@cip/state';
import { newIsolation, testInfra } from '@cip/testing';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { complaint, REPEATED_COMPLAINERS, snapshotOf } from '../testing.fakes';
import { PostgresSegmentationJournal } from './postgres-segmentation.journal';
import { RedisSegmentStateStore } from './redis-segment-state.store';
import { READ_STATE_FIELDS, readFieldsReplyHashes } from './segment-state.scripts';
import { timerShardKey } from './segment-timers.scripts';

const infra = testInfra();
const isolation = newIsolation('segstore');
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
let store: RedisSegmentStateStore;
let journal: PostgresSegmentationJournal;

/** c-id with two complaints: a member with one pending 'entered' change. */
function memberState(customerId: string): CustomerSegmentState {
  const one = applyContactEvent(
    undefined,
    complaint(`${customerId}-1`, customerId, '2026-05-18T10:00:00Z'),
    catalog,
    NOW,
  );
  return applyContactEvent(
    one.state,
    complaint(`${customerId}-2`, customerId, '2026-05-19T10:00:00Z'),
    catalog,
    NOW,
  ).state;
}

beforeAll(async () => {
  redis = createRedisClient(config.redis);
  store = new RedisSegmentStateStore(redis, isolation.redisKeyPrefix);
  await runMigrations('segmentation', config);
  dataSource = await createDataSource('segmentation', config).initialize();
  journal = new PostgresSegmentationJournal(dataSource);
});

afterAll(async () => {
  const keys = await redis.keys(`${isolation.redisKeyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedisClient(redis);
  await dataSource.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
  await dataSource.destroy();
});

describe('RedisSegmentStateStore (real Redis)', () => {
  it('writes only on the expected sequence and round-trips the state', async () => {
    const state = memberState('c-1');
    expect(await store.writeMany([{ state, expectedSeq: undefined }], catalog)).toEqual([1]);
    expect(await store.writeMany([{ state, expectedSeq: undefined }], catalog)).toEqual([null]);
    const loaded = await store.loadMany(['c-1', 'nobody'], catalog);
    expect([...loaded.keys()]).toEqual(['c-1']);
    expect(loaded.get('c-1')).toMatchObject({ seq: 1, state });
    expect(await store.writeMany([{ state, expectedSeq: 1 }], catalog)).toEqual([2]);
  });

  it('reads hash and pending changes in one reply, and refuses one a stray separator shifted', async () => {
    const state = memberState('c-read');
    await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    const record = (await store.readMany(['c-read'])).get('c-read')!;
    expect(record.stored).toEqual({
      ...(await redis.hgetall(store.stateKey('c-read'))),
      [STATE_FIELDS.pending]: await redis.get(store.pendingKey('c-read')),
    });
    expect(state.pending.length).toBeGreaterThan(0);
    await redis.hset(store.stateKey('c-read'), 'x', 'a\u0001b');
    await expect(store.readMany(['c-read'])).rejects.toThrow(/element count/);
  });

  it('reads a few stored fields, only those a state holds, only for customers with one', async () => {
    const state = memberState('c-few');
    await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    const stored = await redis.hgetall(store.stateKey('c-few'));
    const fields = await store.readStoredFields(['c-few', 'nobody'], ['k', 'n', 'g']);
    expect([...fields.keys()]).toEqual(['c-few']);
    const expected: Record<string, string> = { w: stored['w']! };
    for (const field of ['k', 'n', 'g'])
      if (stored[field] !== undefined) expected[field] = stored[field];
    expect(fields.get('c-few')).toEqual(expected);
    expect(state.catalogKey).toBeDefined();
    expect(expected['k']).toBe(state.catalogKey);
  });

  it("reads only the named fields, decoding the segment's series and memberships", async () => {
    const state = memberState('c-fields');
    await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    const fields = fieldsForSegmentChange(catalog, REPEATED_COMPLAINERS.id)!;
    const partial = await store.loadFields(['c-fields', 'nobody'], fields, catalog);
    expect([...partial.keys()]).toEqual(['c-fields']);
    const read = partial.get('c-fields')!;
    expect(read.memberships).toEqual(state.memberships);
    expect(read.features.series).toEqual(state.features.series);
    expect(read.catalogKey).toBe(catalog.key);
    // Fields not named are not read: the dedup ring stays empty, the pending changes unread.
    expect(state.features.recent.length).toBeGreaterThan(0);
    expect(read.features.recent).toEqual([]);
    expect(read.pending).toEqual([]);
    // No list: the whole state.
    expect((await store.loadFields(['c-fields'], undefined, catalog)).get('c-fields')).toEqual(
      state,
    );
  });

  it('reads fields of thousands of customers across script chunks, each under its own id', async () => {
    const ids = Array.from({ length: 2_500 }, (_, i) => `c-many-${i}`);
    // Every third one a member: a misplaced reply would put a membership on the wrong customer.
    const states = ids.map((id, i) =>
      i % 3 === 0
        ? memberState(id)
        : applyContactEvent(
            undefined,
            complaint(`${id}-1`, id, '2026-05-18T10:00:00Z'),
            catalog,
            NOW,
          ).state,
    );
    await store.writeMany(
      states.map((state) => ({ state, expectedSeq: undefined })),
      catalog,
    );
    const fields = fieldsForSegmentChange(catalog, REPEATED_COMPLAINERS.id)!;
    const read = await store.loadFields([...ids, 'nobody'], fields, catalog);
    expect(read.size).toBe(ids.length);
    ids.forEach((id, i) => {
      expect(read.get(id)!.features.customerId).toBe(id);
      expect(read.get(id)!.memberships).toEqual(states[i]!.memberships);
    });
    await redis.del(...ids.flatMap((id) => [store.stateKey(id), store.pendingKey(id)]));
  });

  it('follows a series stored as a reference to one not named, in the read itself', async () => {
    const state = memberState('c-ref');
    await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    const fields = fieldsForSegmentChange(catalog, REPEATED_COMPLAINERS.id)!;
    const [code] = fields.filter((field) => field.length === 5);
    const key = store.stateKey('c-ref');
    // The segment's series moved to a field it does not name, its own field now referring to it.
    const literal = (await redis.hget(key, code!))!;
    await redis.hset(key, 'zzzzz', literal, code!, '=zzzzz');
    const selection = selectionForSegmentChange(catalog, REPEATED_COMPLAINERS.id);
    const read = await store.loadFields(['c-ref'], fields, catalog, selection);
    expect(read.get('c-ref')!.features.series).toEqual(state.features.series);
    expect(read.get('c-ref')!.memberships).toEqual(state.memberships);
    // The script itself returns the literal under the series' own field, so no second read.
    const named = ['w', ...fields];
    const flags = named.map((field) => (field === code ? '1' : '0')).join('');
    const script = registerLuaScript(redis, READ_STATE_FIELDS);
    // The script builds each key from the id between these two.
    const around = store.stateKey('\u0000').split('\u0000');
    const reply = await script.run([], [String(named.length), ...named, flags, ...around, 'c-ref']);
    expect(readFieldsReplyHashes(reply, named, 1)[0]![code!]).toBe(literal);
    // Unflagged, the reference comes back as stored.
    const unflagged = await script.run(
      [],
      [String(named.length), ...named, '0'.repeat(named.length), ...around, 'c-ref'],
    );
    expect(readFieldsReplyHashes(unflagged, named, 1)[0]![code!]).toBe('=zzzzz');
    await redis.del(key, store.pendingKey('c-ref'));
  });

  it('reads more fields than one presence mask covers, present or absent', async () => {
    const key = store.stateKey('c-wide');
    const names = Array.from({ length: 70 }, (_, i) => `f${i}`);
    // Every third field present, so both masks and absent fields are exercised.
    const present = names.filter((_, i) => i % 3 === 0);
    await redis.hset(key, 'w', '1', ...present.flatMap((name) => [name, `value-${name}`]));
    const script = registerLuaScript(redis, READ_STATE_FIELDS);
    const named = ['w', ...names];
    const reply = await script.run(
      [],
      [
        String(named.length),
        ...named,
        '0'.repeat(named.length),
        ...store.stateKey('\u0000').split('\u0000'),
        'c-wide',
        'nobody',
      ],
    );
    const [hash, missing] = readFieldsReplyHashes(reply, named, 2);
    expect(hash).toEqual({
      w: '1',
      ...Object.fromEntries(present.map((name) => [name, `value-${name}`])),
    });
    expect(missing).toEqual({});
    expect(() => readFieldsReplyHashes(reply, named, 3)).toThrow(/does not match/);
    await redis.del(key);
  });

  it('patches only what changed since the hash it read, ending where a full write would', async () => {
    const customerId = 'c-patch';
    await store.writeMany([{ state: memberState(customerId), expectedSeq: undefined }], catalog);
    // A field no state produces any more (a series whose definitions were all retired).
    await redis.hset(store.stateKey(customerId), 's:gone0', '1|0,0,x||');
    const read = (await store.loadMany([customerId], catalog)).get(customerId)!;
    const next = applyContactEvent(
      read.state,
      complaint(`${customerId}-3`, customerId, '2026-05-20T09:00:00Z'),
      catalog,
      NOW,
    ).state;
    const ordinal = await redis.hget(store.stateKey(customerId), 'o');
    const patch = { state: next, expectedSeq: read.seq, previous: read.stored };

    expect(await store.writeMany([patch], catalog)).toEqual([read.seq + 1]);
    const { x: pending, ...fields } = encodeSegmentStateHash(next);
    expect(await redis.hgetall(store.stateKey(customerId))).toEqual({
      ...fields,
      w: String(read.seq + 1),
      o: ordinal,
    });
    expect(await redis.get(store.pendingKey(customerId))).toBe(pending ?? null);
    expect((await store.loadMany([customerId], catalog)).get(customerId)?.state).toEqual(next);
    // The same patch again is a lost race: the sequence moved on.
    expect(await store.writeMany([patch], catalog)).toEqual([null]);
  });

  it('prepares a write whose snapshot is exactly the hash it stores, full or patched', async () => {
    const customerId = 'c-prepared';
    const stored = async (): Promise<Record<string, string>> => {
      const { w, o, ...hash } = await redis.hgetall(store.stateKey(customerId));
      expect([w, o]).toEqual([expect.any(String), expect.any(String)]);
      return hash;
    };
    const first = store.prepareWrite(
      { state: memberState(customerId), expectedSeq: undefined },
      catalog,
    );
    expect(await store.writePrepared([first])).toEqual([1]);
    expect(first.snapshot.hash).toEqual(await stored());

    const [record] = (await store.readMany([customerId])).values();
    const current = store.decode(record!, customerId, catalog);
    const next = applyContactEvent(
      current,
      complaint(`${customerId}-3`, customerId, '2026-05-20T09:00:00Z'),
      catalog,
      NOW,
    ).state;
    const patch = store.prepareWrite(
      { state: next, expectedSeq: 1, previous: record!.stored, previousState: current },
      catalog,
    );
    expect(await store.writePrepared([patch])).toEqual([2]);
    expect(patch.snapshot).toMatchObject({
      customerId,
      hash: await stored(),
      nextDueMs: next.nextDueMs,
    });
    expect(patch.snapshot.hash).not.toEqual(first.snapshot.hash);
    await expect(store.writePrepared([{ customerId, snapshot: patch.snapshot }])).rejects.toThrow(
      'a write prepared by another store',
    );
  });

  it('continues the sequence of a restored snapshot', async () => {
    const state = memberState('c-restored');
    expect(
      await store.writeMany([{ state, expectedSeq: undefined, baseSeq: 41 }], catalog),
    ).toEqual([42]);
  });

  it('keeps the segment bitmap and the timer set in step with the state', async () => {
    const state = memberState('c-2');
    await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    const before = await store.segmentSize(REPEATED_COMPLAINERS.code);
    expect(before).toBeGreaterThanOrEqual(1);
    expect(await store.timerOf('c-2')).toBe(state.nextDueMs);
    const left = { ...state, memberships: {}, nextDueMs: null };
    await store.writeMany([{ state: left, expectedSeq: 1 }], catalog);
    expect(await store.segmentSize(REPEATED_COMPLAINERS.code)).toBe(before - 1);
    expect(await store.timerOf('c-2')).toBeNull();
    // Several segments in one round trip, in the order asked; a code never written counts 0.
    expect(await store.segmentSizes([9_999, REPEATED_COMPLAINERS.code])).toEqual([0, before - 1]);
    expect(await store.segmentSizes([])).toEqual([]);
  });

  it('leaves the timer alone when a patch keeps the due instant, and moves it when not', async () => {
    const customerId = 'c-same-due';
    const state = { ...memberState(customerId), nextDueMs: NOW + 60_000 };
    await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    const ordinal = Number(await redis.hget(store.stateKey(customerId), 'o'));
    // A mark only a write that re-armed the timer would overwrite.
    const indexKey = `${isolation.redisKeyPrefix}seg:due`;
    await redis.zadd(timerShardKey(indexKey, ordinal), NOW + 1, customerId);
    const patchTo = async (nextDueMs: number | null) => {
      const read = (await store.loadMany([customerId], catalog)).get(customerId)!;
      const next = { ...read.state, nextDueMs, catalogKey: `${read.seq}` };
      const write = {
        state: next,
        expectedSeq: read.seq,
        previous: read.stored,
        previousState: read.state,
      };
      expect(await store.writeMany([write], catalog)).toEqual([read.seq + 1]);
    };
    await patchTo(NOW + 60_000);
    expect(await store.timerOf(customerId)).toBe(NOW + 1);
    await patchTo(NOW + 90_000);
    expect(await store.timerOf(customerId)).toBe(NOW + 90_000);
    await patchTo(null);
    expect(await store.timerOf(customerId)).toBeNull();
  });

  it("clears a retired segment's bit when the member exits, so a re-activation starts clean", async () => {
    const customerId = 'c-retiring';
    await store.writeMany([{ state: memberState(customerId), expectedSeq: undefined }], catalog);
    const ordinal = Number(await redis.hget(store.stateKey(customerId), 'o'));
    const bitmap = store.bitmapKey(REPEATED_COMPLAINERS.code);
    expect(await redis.getbit(bitmap, ordinal)).toBe(1);

    const retired = buildSegmentCatalog({
      active: [],
      retiredIds: [REPEATED_COMPLAINERS.id],
      retiredCodes: { [REPEATED_COMPLAINERS.id]: REPEATED_COMPLAINERS.code },
    });
    const read = (await store.loadMany([customerId], retired)).get(customerId)!;
    const closed = reevaluateCustomer(read.state, retired, NOW, { eventId: 'retire-job' });
    expect(closed.changes.map((c) => [c.segmentId, c.change])).toEqual([
      [REPEATED_COMPLAINERS.id, 'exited'],
    ]);
    const write = { state: closed.state, expectedSeq: read.seq, previous: read.stored };
    expect(await store.writeMany([write], retired)).toEqual([read.seq + 1]);
    expect(await redis.getbit(bitmap, ordinal)).toBe(0);
  });

  it('keeps the hash in the compact listpack encoding', async () => {
    await store.writeMany([{ state: memberState('c-3'), expectedSeq: undefined }], catalog);
    expect(await redis.object('ENCODING', store.stateKey('c-3'))).toBe('listpack');
  });

  it('claims due timers once, with a lease', async () => {
    const state = { ...memberState('c-4'), nextDueMs: NOW - 1 };
    await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    const claimed = await store.claimDueTimers(NOW, 1000, 30_000);
    expect(claimed).toContain('c-4');
    expect(await store.claimDueTimers(NOW, 1000, 30_000)).not.toContain('c-4');
    expect(await store.timerOf('c-4')).toBe(NOW + 30_000);
  });

  it("keeps timers in small per-ordinal shards, indexed by each shard's earliest", async () => {
    const indexKey = `${isolation.redisKeyPrefix}seg:due`;
    // Next ordinals 6400 and 6401 (one shard), then 6464 (the next one).
    await redis.set(`${isolation.redisKeyPrefix}seg:ordinal`, 6399);
    const due = [NOW + 5_000, NOW + 3_000, NOW + 9_000];
    for (const [i, at] of due.entries()) {
      if (i === 2) await redis.set(`${isolation.redisKeyPrefix}seg:ordinal`, 6463);
      const state = { ...memberState(`c-shard-${i}`), nextDueMs: at };
      await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    }
    expect(await redis.object('ENCODING', timerShardKey(indexKey, 6400))).toBe('listpack');
    expect(await redis.zcard(timerShardKey(indexKey, 6400))).toBe(2);
    expect(Number(await redis.zscore(indexKey, '100'))).toBe(NOW + 3_000);
    expect(Number(await redis.zscore(indexKey, '101'))).toBe(NOW + 9_000);
    expect(await store.timerOf('c-shard-2')).toBe(NOW + 9_000);

    // Claims follow the index across shards, earliest first, within the limit.
    expect(await store.claimDueTimers(NOW + 6_000, 1, 30_000)).toEqual(['c-shard-1']);
    expect(await store.claimDueTimers(NOW + 6_000, 10, 30_000)).toEqual(['c-shard-0']);
    expect(Number(await redis.zscore(indexKey, '100'))).toBe(NOW + 36_000);
    expect(await store.claimDueTimers(NOW + 10_000, 10, 30_000)).toEqual(['c-shard-2']);

    // Removing a shard's last timer removes the shard from the index.
    const read = (await store.loadMany(['c-shard-2'], catalog)).get('c-shard-2')!;
    const idle = { ...read.state, nextDueMs: null };
    await store.writeMany([{ state: idle, expectedSeq: read.seq, previous: read.stored }], catalog);
    expect(await redis.zscore(indexKey, '101')).toBeNull();
    expect(await redis.exists(timerShardKey(indexKey, 6464))).toBe(0);
  });

  it('moves timers of the earlier single sorted set into their shard as they come due', async () => {
    const state = { ...memberState('c-legacy'), nextDueMs: null };
    await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    const legacyKey = `${isolation.redisKeyPrefix}seg:timers`;
    await redis.zadd(legacyKey, NOW - 5, 'c-legacy', NOW + 3_600_000, 'c-legacy-later');
    expect(await store.claimDueTimers(NOW, 1000, 30_000)).toContain('c-legacy');
    expect(await redis.zscore(legacyKey, 'c-legacy')).toBeNull();
    expect(await store.timerOf('c-legacy')).toBe(NOW + 30_000);
    expect(await redis.zscore(legacyKey, 'c-legacy-later')).not.toBeNull();
  });

  it("drops a timer left in a shard that is no longer its customer's, after claiming it once", async () => {
    const customerId = 'c-lost';
    await store.writeMany(
      [{ state: { ...memberState(customerId), nextDueMs: NOW - 10 }, expectedSeq: undefined }],
      catalog,
    );
    // The hash is lost and restored under a new ordinal in another shard, due later.
    await redis.del(store.stateKey(customerId));
    await redis.incrby(`${isolation.redisKeyPrefix}seg:ordinal`, 64);
    const restored = { ...memberState(customerId), nextDueMs: NOW + 3_600_000 };
    await store.writeMany([{ state: restored, expectedSeq: undefined }], catalog);

    expect(await store.claimDueTimers(NOW, 1000, 30_000)).toContain(customerId);
    expect(await store.claimDueTimers(NOW + 60_000, 1000, 30_000)).not.toContain(customerId);
    expect(await store.timerOf(customerId)).toBe(NOW + 3_600_000);
  });

  it('clears recorded pending changes and moves the sequence on', async () => {
    const state = memberState('c-5');
    await store.writeMany([{ state, expectedSeq: undefined }], catalog);
    await store.clearPending([
      { customerId: 'c-5', changeIds: state.pending.map((c) => c.eventId) },
    ]);
    const loaded = (await store.loadMany(['c-5'], catalog)).get('c-5')!;
    expect(loaded.state.pending).toEqual([]);
    expect(loaded.seq).toBe(2);
  });

  it('writes a merge all or nothing', async () => {
    const a = memberState('c-6');
    const b = memberState('c-7');
    await store.writeMany([{ state: a, expectedSeq: undefined }], catalog);
    expect(
      await store.writeAll(
        [
          { state: a, expectedSeq: 1 },
          { state: b, expectedSeq: 5 },
        ],
        catalog,
      ),
    ).toBeNull();
    expect((await store.loadMany(['c-6', 'c-7'], catalog)).get('c-6')!.seq).toBe(1);
    expect(
      await store.writeAll(
        [
          { state: a, expectedSeq: 1 },
          { state: b, expectedSeq: undefined },
        ],
        catalog,
      ),
    ).toEqual([2, 1]);
  });

  it('lists every customer through SCAN pages', async () => {
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const page = await store.scanCustomerIds(cursor, 100);
      page.customerIds.forEach((id) => seen.add(id));
      cursor = page.cursor;
    } while (cursor !== '0');
    expect(seen).toEqual(
      new Set([
        'c-1',
        'c-read',
        'c-few',
        'c-fields',
        'c-patch',
        'c-prepared',
        'c-retiring',
        'c-same-due',
        'c-restored',
        'c-2',
        'c-3',
        'c-4',
        'c-5',
        'c-6',
        'c-7',
        'c-shard-0',
        'c-shard-1',
        'c-shard-2',
        'c-legacy',
        'c-lost',
      ]),
    );
  });
});

describe('PostgresSegmentationJournal (real Postgres)', () => {
  it('records inbox, snapshot, current memberships and history in one go, idempotently', async () => {
    const state = memberState('p-1');
    const entry = {
      consumer: 'seg',
      eventIds: ['p-1-1', 'p-1-2'],
      states: [snapshotOf(state, 3)],
      changes: state.pending,
    };
    await journal.record(entry);
    await journal.record(entry);
    expect(await journal.processed('seg', ['p-1-1', 'p-1-2', 'other'])).toEqual(
      new Set(['p-1-1', 'p-1-2']),
    );
    const snapshot = (await journal.loadSnapshots(['p-1'], catalog)).get('p-1')!;
    expect(snapshot.seq).toBe(3);
    expect(snapshot.state).toEqual({ ...state, pending: [] });
    const rows = (await dataSource.query(
      `SELECT segment_id FROM segment_membership WHERE customer_id = 'p-1'`,
    )) as unknown[];
    expect(rows).toEqual([{ segment_id: 'repeated-complainers' }]);
    const history = (await dataSource.query(
      `SELECT count(*)::int AS n FROM segment_membership_history WHERE customer_id = 'p-1'`,
    )) as Array<{ n: number }>;
    expect(history[0]!.n).toBe(1);
  });

  it('stores each change whole: version, instant, trigger and a reason with awkward text', async () => {
    const state = memberState('p-rows');
    const [change] = state.pending;
    const awkward = {
      ...change!,
      definitionVersion: 7,
      at: '2026-05-19T10:00:00.123Z',
      reason: {
        ...change!.reason,
        summary: 'quote " backslash \\ brace } comma , newline \n accent é emoji 🎯 {"nested":[1]}',
      },
    };
    await journal.record({
      consumer: 'seg',
      eventIds: ['p-rows-1'],
      states: [snapshotOf(state, 2)],
      changes: [awkward],
    });
    const current = (await dataSource.query(
      `SELECT segment_id, definition_version, entered_at, reason
         FROM segment_membership WHERE customer_id = 'p-rows'`,
    )) as Array<Record<string, unknown>>;
    expect(current).toEqual([
      {
        segment_id: awkward.segmentId,
        definition_version: 7,
        entered_at: new Date(awkward.at),
        reason: JSON.parse(JSON.stringify(awkward.reason)),
      },
    ]);
    const history = (await dataSource.query(
      `SELECT segment_id, definition_version, change, changed_at, triggering_event_id, event_id,
              reason
         FROM segment_membership_history WHERE customer_id = 'p-rows'`,
    )) as Array<Record<string, unknown>>;
    expect(history).toEqual([
      {
        segment_id: awkward.segmentId,
        definition_version: 7,
        change: 'entered',
        changed_at: new Date(awkward.at),
        triggering_event_id: awkward.triggeringEventId,
        event_id: awkward.eventId,
        reason: JSON.parse(JSON.stringify(awkward.reason)),
      },
    ]);
  });

  it("stores the snapshot's due instant to the millisecond, or none", async () => {
    const dueMs = Date.parse('2026-06-18T10:00:00.123Z');
    await journal.record({
      eventIds: [],
      states: [
        snapshotOf({ ...memberState('p-due'), nextDueMs: dueMs }, 1),
        snapshotOf({ ...memberState('p-idle'), nextDueMs: null }, 1),
      ],
      changes: [],
    });
    const rows = (await dataSource.query(
      `SELECT customer_id, next_due_at FROM segment_customer_state
        WHERE customer_id IN ('p-due', 'p-idle') ORDER BY customer_id`,
    )) as Array<{ customer_id: string; next_due_at: Date | null }>;
    expect(rows.map((row) => [row.customer_id, row.next_due_at?.getTime() ?? null])).toEqual([
      ['p-due', dueMs],
      ['p-idle', null],
    ]);
  });

  it('never replaces a snapshot by an older one, nor the memberships with its changes', async () => {
    const state = memberState('p-2');
    await journal.record({ eventIds: [], states: [snapshotOf(state, 5)], changes: state.pending });
    const exited = { ...state.pending[0]!, eventId: 'x-1', change: 'exited' as const };
    await journal.record({
      eventIds: [],
      states: [snapshotOf({ ...state, memberships: {} }, 4)],
      changes: [exited],
    });
    expect((await journal.loadSnapshots(['p-2'], catalog)).get('p-2')!.seq).toBe(5);
    // The current row is the one of the newest snapshot, a member; the older exit is history.
    expect(await membershipRows('p-2')).toEqual([REPEATED_COMPLAINERS.id]);
    expect(await historyOf('p-2')).toEqual(['entered', 'exited']);
  });

  it('keeps an exit when the entry it follows is journalled late by the old owner', async () => {
    // A rebalance: the old owner wrote seq 5 (entered, pending) and is slow to journal it; the
    // new owner read seq 5, the next event made the customer exit, and it journalled seq 6 with
    // both pending changes. The old owner's journal of seq 5 lands last.
    const state = memberState('p-3');
    const entered = state.pending;
    const exited = { ...entered[0]!, eventId: 'x-2', change: 'exited' as const };
    const left = { ...state, memberships: {}, pending: [] };
    await journal.record({
      eventIds: [],
      states: [snapshotOf(left, 6)],
      changes: [...entered, exited],
    });
    expect(await membershipRows('p-3')).toEqual([]);
    await journal.record({ eventIds: [], states: [snapshotOf(state, 5)], changes: entered });
    expect(await membershipRows('p-3')).toEqual([]);
    expect((await journal.loadSnapshots(['p-3'], catalog)).get('p-3')!.seq).toBe(6);
    // Changes that come without a snapshot of their customer still apply (nothing to order by).
    await journal.record({ eventIds: [], states: [], changes: entered });
    expect(await membershipRows('p-3')).toEqual([REPEATED_COMPLAINERS.id]);
  });
});

async function membershipRows(customerId: string): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT segment_id FROM segment_membership WHERE customer_id = $1 ORDER BY segment_id`,
    [customerId],
  )) as Array<{ segment_id: string }>;
  return rows.map((row) => row.segment_id);
}

async function historyOf(customerId: string): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT change FROM segment_membership_history WHERE customer_id = $1 ORDER BY changed_at, change`,
    [customerId],
  )) as Array<{ change: string }>;
  return rows.map((row) => row.change);
}
