'use strict';
// Preload: a population's segmentation state computed with the engine from a simulated year of
// history and written straight into the stores the service reads (Redis hash per customer,
// segment bitmaps, timer set; Postgres snapshots), without pushing the history through Kafka.
//
// The seeded simulator (libs/simulator) costs ~1.3 ms per customer-year, far too slow for a
// million customers inside the benchmark's budget, so it simulates BENCH_HISTORIES distinct
// customers (default 10,000) and customer i takes history i mod BENCH_HISTORIES: population-level
// distributions are the simulator's, and each customer's hash is exactly what the engine computes
// for that history (the customer id is in the key, not in the hash; `w` and `o` differ per key).
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const seg = require(path.join(root, 'dist/libs/segmentation-domain/src/index.js'));
const sim = require(path.join(root, 'dist/libs/simulator/src/index.js'));
const { TIMER_SHARD_SIZE } = require(
  path.join(root, 'dist/apps/segmentation/src/infrastructure/segment-timers.scripts.js'),
);

const customerId = (i) => `c${i}`;

function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Features of `histories` simulated customers (a year each, up to today's midnight UTC), with a
 * customer-file change carrying the profile attributes the definitions read: kind and preferred
 * channel from the simulator's customer file, and seeded loyalty / insurance attributes (the
 * platform's customer file has none yet; see libs/segmentation-domain/src/packs/README.md).
 */
function simulateHistories({ histories, spec, nowMs, seed = 7 }) {
  const window = sim.windowEndingAt(sim.startOfUtcDay(new Date(nowMs)), 12);
  const settings = { seed, config: sim.DEFAULT_SIMULATION_CONFIG, window };
  const random = mulberry32(seed);
  const out = [];
  let events = 0;
  for (const customer of sim.simulatePopulation(settings, histories)) {
    const id = customer.truth.traits.customerId;
    let features;
    for (const event of customer.events()) {
      features = seg.applyEventToFeatures(features, event, spec, nowMs).features;
      events += 1;
    }
    const profile = sim.customerProfileOf(customer.truth.traits);
    const pick = (p, yes, no) => (random() < p ? yes : no);
    const changes = [
      { field: '/kind', value: profile.kind },
      { field: '/preferences/channel', value: profile.preferences.channel },
      { field: '/loyalty/exclusive', value: random() < 0.04 },
      {
        field: '/loyalty/affiliation',
        value: pick(0.03, 'employee', pick(0.03, 'relative', 'none')),
      },
      { field: '/insurance/economic', value: pick(0.35, 'good', 'average') },
      { field: '/insurance/awareness', value: pick(0.3, 'strong', 'average') },
      { field: '/insurance/influence', value: pick(0.2, 'wide', 'average') },
    ];
    features = seg.applyProfileChangeToFeatures(
      features,
      {
        eventId: `${id}-profile`,
        customerId: id,
        occurredAt: new Date(window.start).toISOString(),
        changes,
      },
      spec,
      nowMs,
    ).features;
    out.push(features);
  }
  return { features: out, events };
}

/**
 * The type and payload of every event `customers` other simulated customers produce in a year
 * (a different seed from the preloaded histories): the load draws from it, so the mix of event
 * types and amounts is the simulator's (about a third visits, a quarter messages, 1 % complaints).
 */
function simulatedEventPool({ nowMs, customers = 2_000, seed = 99 }) {
  const window = sim.windowEndingAt(sim.startOfUtcDay(new Date(nowMs)), 12);
  const settings = { seed, config: sim.DEFAULT_SIMULATION_CONFIG, window };
  const pool = [];
  for (const customer of sim.simulatePopulation(settings, customers))
    for (const event of customer.events()) pool.push({ type: event.type, payload: event.payload });
  return pool;
}

/** The RFM quantile tables over the simulated population (what the service's job computes). */
function quantileCuts(featuresList, nowMs) {
  const tables = {};
  for (const [name, operand] of Object.entries(seg.QUANTILE_TABLES)) {
    const population = seg.QUANTILE_TABLE_POPULATIONS[name];
    const values = [];
    for (const features of featuresList) {
      const context = { nowMs, reader: seg.featuresReader(features) };
      if (population && !seg.evaluateCondition(population, context).matched) continue;
      const { value } = seg.evaluateOperand(operand, context);
      if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
    }
    tables[name] = { cuts: seg.computeQuantileCuts(values, 5), sampled: values.length };
  }
  return tables;
}

/** Each history evaluated against the final catalog: its hash, memberships and timer. */
function evaluateHistories(featuresList, catalog, nowMs) {
  return featuresList.map((features) => {
    const state0 = { ...seg.emptySegmentState(features.customerId), features };
    const { state } = seg.reevaluateCustomer(state0, catalog, nowMs, { eventId: 'bench-preload' });
    const clean = { ...state, pending: [] };
    const hash = seg.encodeSegmentStateHash(clean);
    return {
      fields: Object.entries(hash).flat(),
      json: JSON.stringify(hash),
      memberships: Object.keys(clean.memberships),
      nextDueMs: clean.nextDueMs,
    };
  });
}

/**
 * Writes N customers into Redis with the store's key layout (RedisSegmentStateStore): the hash
 * `{prefix}cust:{id}:seg:feat` with `w` (write sequence 1) and `o` (bitmap ordinal), the segment
 * bitmaps `{prefix}seg:bm:{code}`, the ordinal counter and the timer shards with their index.
 */
async function writeRedis({ redis, prefix, customers, templates, codes, onProgress }) {
  const K = templates.length;
  // Each distinct hash is built once (HSET, as the store's script does) and DUMPed; the customers
  // sharing it get it by RESTORE plus their own ordinal, in a server-side loop (one EVALSHA per
  // history for its ~N/K customers), which keeps the client's CPU out of the way.
  const scratch = `${prefix}bench:template`;
  const payloads = [];
  for (let start = 0; start < K; start += 500) {
    const pipeline = redis.pipeline();
    for (let t = start; t < Math.min(K, start + 500); t++) {
      pipeline
        .del(scratch)
        .hset(scratch, 'w', '1', ...templates[t].fields)
        .dumpBuffer(scratch);
    }
    const replies = await pipeline.exec();
    await checkReplies(replies);
    for (let k = 2; k < replies.length; k += 3) payloads.push(replies[k][1]);
  }
  await redis.del(scratch);
  if (!redis.benchRestoreMany) {
    redis.defineCommand('benchRestoreMany', {
      lua: `
local ordinal = tonumber(ARGV[2])
local step = tonumber(ARGV[3])
for i = 1, #KEYS do
  redis.call('RESTORE', KEYS[i], 0, ARGV[1])
  redis.call('HSET', KEYS[i], 'o', ordinal)
  ordinal = ordinal + step
end
return #KEYS`,
    });
  }
  const inFlight = [];
  let written = 0;
  for (let start = 0; start < K; start += 20) {
    const pipeline = redis.pipeline();
    for (let t = start; t < Math.min(K, start + 20); t++) {
      const keys = [];
      for (let i = t; i < customers; i += K) keys.push(`${prefix}cust:{${customerId(i)}}:seg:feat`);
      // `o` is the bitmap ordinal: customer i has ordinal i + 1.
      pipeline.benchRestoreMany(keys.length, ...keys, payloads[t], String(t + 1), String(K));
      written += keys.length;
    }
    inFlight.push(pipeline.exec());
    if (inFlight.length >= 3) await checkReplies(await inFlight.shift());
    if (onProgress && start % 2_000 === 0) onProgress(written);
  }
  for (const p of inFlight) await checkReplies(await p);
  const hashesDone = Date.now();

  // Bitmaps: built here, one SET each (bit = ordinal, most significant bit first, as SETBIT).
  const bytes = Math.ceil((customers + 1) / 8);
  const bitmaps = new Map([...codes.values()].map((code) => [code, Buffer.alloc(bytes)]));
  for (let i = 0; i < customers; i++) {
    const ordinal = i + 1;
    for (const segmentId of templates[i % K].memberships) {
      const buffer = bitmaps.get(codes.get(segmentId));
      if (buffer) buffer[ordinal >> 3] |= 0x80 >> (ordinal & 7);
    }
  }
  const pipeline = redis.pipeline();
  for (const [code, buffer] of bitmaps) {
    // Only segments with members get a key (the service creates the others on first SETBIT).
    if (buffer.some((b) => b !== 0)) pipeline.set(`${prefix}seg:bm:${code}`, buffer);
  }
  pipeline.set(`${prefix}seg:ordinal`, String(customers));
  await checkReplies(await pipeline.exec());

  // Timers: the store's layout (segment-timers.scripts): one small sorted set per TIMER_SHARD_SIZE ordinals,
  // and an index holding each shard's earliest instant.
  const SHARD = TIMER_SHARD_SIZE;
  const index = `${prefix}seg:due`;
  let timers = 0;
  for (let start = 0; start < customers; start += 64_000) {
    const tp = redis.pipeline();
    const earliest = [];
    for (let first = start; first < Math.min(customers, start + 64_000);) {
      const shard = Math.floor((first + 1) / SHARD);
      const args = [];
      let min = Infinity;
      let i = first;
      for (; i < customers && Math.floor((i + 1) / SHARD) === shard; i++) {
        const due = templates[i % K].nextDueMs;
        if (due === null) continue;
        args.push(String(due), customerId(i));
        min = Math.min(min, due);
      }
      if (args.length > 0) {
        tp.zadd(`${index}:${shard}`, ...args);
        earliest.push(String(min), String(shard));
        timers += args.length / 2;
      }
      first = i;
    }
    if (earliest.length > 0) tp.zadd(index, ...earliest);
    await checkReplies(await tp.exec());
  }
  return { hashesDone, timers, bitmapBytes: bytes * bitmaps.size };
}

async function checkReplies(replies) {
  for (const [error] of replies ?? []) if (error) throw error;
}

/**
 * The durable snapshots (segment_customer_state), as the journal writes them: the distinct
 * states go into a temporary table once, then multi-row INSERT … SELECT over generate_series
 * writes the population in chunks (no per-customer round trip, no client-side row encoding).
 */
async function writePostgres({ client, customers, templates }) {
  const K = templates.length;
  await client.query(
    `CREATE TEMP TABLE bench_template (t int PRIMARY KEY, state jsonb, due timestamptz)`,
  );
  for (let start = 0; start < K; start += 2_000) {
    const slice = templates.slice(start, start + 2_000);
    await client.query(
      `INSERT INTO bench_template SELECT * FROM unnest($1::int[], $2::jsonb[], $3::timestamptz[])`,
      [
        slice.map((_, j) => start + j),
        slice.map((t) => t.json),
        slice.map((t) => (t.nextDueMs === null ? null : new Date(t.nextDueMs))),
      ],
    );
  }
  const CHUNK = 100_000;
  for (let start = 0; start < customers; start += CHUNK) {
    const end = Math.min(customers, start + CHUNK) - 1;
    await client.query(
      `INSERT INTO segment_customer_state (customer_id, state, seq, next_due_at)
       SELECT 'c' || g, t.state, 1, t.due
         FROM generate_series($1::int, $2::int) AS g JOIN bench_template t ON t.t = g % $3`,
      [start, end, K],
    );
  }
  await client.query(`DROP TABLE bench_template`);
  await client.query(`ANALYZE segment_customer_state`);
}

module.exports = {
  TIMER_SHARD_SIZE,
  simulatedEventPool,
  customerId,
  simulateHistories,
  quantileCuts,
  evaluateHistories,
  writeRedis,
  writePostgres,
  mulberry32,
};
