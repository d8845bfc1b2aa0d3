#!/usr/bin/env node
// The CPU a re-evaluation job spends per customer screening one segment's definition change.
// First without infrastructure: the integrated benchmark's catalog and population, the edited segment
// (`bench.complaints-30d-ge2`, threshold 2 → 3) at version 2, each stored hash cut to the fields
// `fieldsForSegmentChange` names (what the Redis read returns), decoded as far as
// `selectionForSegmentChange` selects, and checked with
// `segmentChangeAffects`: the client half of the screen, no I/O. Then, with Redis
// (REDIS_URL, default the local stack's), the whole screen as a job runs it: REDIS_CUSTOMERS
// (200,000; 0 skips it) written with the benchmark's layout under a key prefix of their own,
// scanned and screened by the service's `BackfillRunner` over `RedisSegmentStateStore`, with the
// CPU of this process and of Redis per customer (the affected customers are counted, not
// re-evaluated). `npm run build && npm run stack:up && npx node bench/segmentation/screen-bench.js`; HISTORIES (10,000),
// CUSTOMERS (200,000 screened per round), ROUNDS (3), SCREEN_PAGE and PAGES_IN_FLIGHT (the
// service's defaults) from the environment.
'use strict';
const path = require('node:path');
const Redis = require('ioredis');
const { benchDefinitions } = require('./catalog');
const preload = require('./preload');
const { startMachineCpu } = require('./machine-cpu');
const { removeKeys } = require('./memory');

const dist = path.join(__dirname, '../../dist/libs');
const seg = require(path.join(dist, 'segmentation-domain/src/index.js'));
const app = path.join(__dirname, '../../dist/apps/segmentation/src');
const { RedisSegmentStateStore } = require(`${app}/infrastructure/redis-segment-state.store.js`);
const { BackfillRunner } = require(`${app}/backfill/backfill.runner.js`);
const { DEFAULT_DEFINITIONS_SETTINGS: SETTINGS } = require(
  `${app}/definitions/definitions.tokens.js`,
);

const HISTORIES = Number(process.env.HISTORIES ?? 10_000);
const CUSTOMERS = Number(process.env.CUSTOMERS ?? 200_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const REDIS_CUSTOMERS = Number(process.env.REDIS_CUSTOMERS ?? 200_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// PROFILE=1: a CPU profile of each screen through Redis, in .run/profiles (profile-summary.js).
const PROFILE = process.env.PROFILE === '1';

async function startProfile() {
  const { Session } = require('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await session.post('Profiler.stop');
      const dir = path.join(__dirname, '../../.run/profiles');
      require('node:fs').mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.cpuprofile`);
      require('node:fs').writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`profile: ${path.relative(process.cwd(), file)}`);
    },
  };
}

function catalogOf(definitions, edited, quantiles) {
  const active = definitions.map((d, i) => ({
    id: d.id,
    version: d.id === edited ? 2 : 1,
    code: i + 1,
    name: d.name,
    strategy: d.strategy,
    condition: d.condition,
  }));
  return seg.catalogFromSnapshot({ active, retiredIds: [], quantiles }, (error) => {
    throw error;
  });
}

async function main() {
  const nowMs = Date.now();
  const { definitions, edited, editedCondition } = benchDefinitions(seg);
  const draft = catalogOf(definitions, undefined, {});
  const { features } = preload.simulateHistories({ histories: HISTORIES, spec: draft.spec, nowMs });
  const cuts = Object.entries(preload.quantileCuts(features, nowMs));
  const quantiles = Object.fromEntries(cuts.map(([name, table]) => [name, table.cuts]));
  const before = catalogOf(definitions, undefined, quantiles);
  const stored = preload
    .evaluateHistories(features, before, nowMs)
    .map((t, i) => ({ ...JSON.parse(t.json), w: '1', o: String(i + 1) }));
  const after = catalogOf(
    definitions.map((d) => (d.id === edited ? { ...d, condition: editedCondition } : d)),
    edited,
    quantiles,
  );
  const fields = ['w', ...seg.fieldsForSegmentChange(after, edited)];
  const selection = seg.selectionForSegmentChange(after, edited);
  // What the read returns: only the named fields a hash has, a series reference followed.
  const follow = (hash, field) => {
    const value = hash[field];
    if (value === undefined || !seg.mayHoldSeriesReference(field) || !value.startsWith('='))
      return value ?? null;
    return hash[value.slice(1)] ?? value;
  };
  const replies = stored.map((hash) => fields.map((field) => follow(hash, field)));
  const ids = features.map((f) => f.customerId);

  const rows = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const cpu0 = process.cpuUsage();
    let affected = 0;
    for (let i = 0; i < CUSTOMERS; i++) {
      const at = i % HISTORIES;
      const values = replies[at];
      const hash = {};
      for (let f = 0; f < values.length; f++) if (values[f] !== null) hash[fields[f]] = values[f];
      const state = seg.decodeSelectedState(hash, ids[at], selection);
      if (seg.segmentChangeAffects(state, after, edited, nowMs)) affected++;
    }
    const cpu = process.cpuUsage(cpu0);
    rows.push({
      round,
      customers: CUSTOMERS,
      cpuMicrosPerCustomer: ((cpu.user + cpu.system) / CUSTOMERS).toFixed(2),
      affectedShare: `${((affected / CUSTOMERS) * 100).toFixed(2)} %`,
    });
  }
  console.log(`node ${process.version}; ${fields.length} fields read: ${fields.join(' ')}`);
  console.table(rows);
  if (REDIS_CUSTOMERS > 0) await screenThroughRedis({ stored, before, after, edited, nowMs });
}

/** The job's screen over Redis, as the service runs it (one job, one segment). */
async function screenThroughRedis({ stored, before, after, edited, nowMs }) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `screenbench:${process.pid}:`;
  try {
    // The store's own fields (`w`, `o`) are written by writeRedis.
    const templates = stored.map((hash) => ({
      fields: Object.entries(hash)
        .filter(([field]) => field !== 'w' && field !== 'o')
        .flat(),
      memberships: Object.keys(seg.decodeSegmentStateHash(hash, 'x', before).memberships),
      nextDueMs: null,
    }));
    const codes = new Map(before.active.map((s) => [s.id, s.code]));
    await preload.writeRedis({ redis, prefix, customers: REDIS_CUSTOMERS, templates, codes });
    const store = new RedisSegmentStateStore(redis, prefix);
    const rows = [];
    for (let round = 1; round <= ROUNDS; round++) {
      let affected = 0;
      let finished;
      const runner = new BackfillRunner({
        jobs: {
          claimNext: async () => ({
            attempt: 1,
            job: {
              id: `screen-${round}`,
              scope: edited,
              segmentId: edited,
              processed: 0,
              changes: 0,
              total: REDIS_CUSTOMERS,
              cursor: null,
            },
          }),
          recordPage: async () => true,
          finish: async (_claimed, progress) => {
            finished = progress;
          },
          release: async () => undefined,
        },
        store,
        catalogs: { refresh: async () => after, get: async () => after },
        reevaluator: {
          reevaluate: async (ids) => {
            affected += ids.length;
            return { changes: 0 };
          },
        },
        population: async () => REDIS_CUSTOMERS,
        logger: { info() {}, error: console.error },
        pageSize: SETTINGS.backfillPageSize,
        screenPageSize: Number(process.env.SCREEN_PAGE ?? SETTINGS.backfillScreenPageSize),
        pagesInFlight: Number(process.env.PAGES_IN_FLIGHT ?? SETTINGS.backfillPagesInFlight),
        leaseMs: 60_000,
        maxAttempts: 1,
        evaluationClock: () => nowMs,
      });
      const profiler = PROFILE ? await startProfile() : undefined;
      const machine = startMachineCpu(new Map([[process.pid, 'bench']]));
      const t0 = performance.now();
      const outcome = await runner.runNext();
      const elapsedMs = performance.now() - t0;
      const cpu = machine.stop();
      if (profiler) await profiler.stop(`screen-bench-${round}`);
      const micros = (role) =>
        (((cpu?.roles[role]?.seconds ?? NaN) * 1e6) / REDIS_CUSTOMERS).toFixed(2);
      rows.push({
        round,
        outcome,
        scanned: finished?.processed,
        wallMicrosPerCustomer: ((elapsedMs * 1000) / REDIS_CUSTOMERS).toFixed(2),
        clientCpuMicros: micros('bench'),
        redisCpuMicros: micros('redis'),
        affected,
      });
    }
    console.log(`screen through Redis, ${REDIS_CUSTOMERS.toLocaleString('en')} customers`);
    console.table(rows);
  } finally {
    await removeKeys(redis, `${prefix}*`);
    redis.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
