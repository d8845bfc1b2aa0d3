#!/usr/bin/env node
// The segmentation service's per-event CPU path without infrastructure, on the integrated
// benchmark's catalog and population: the contact event decoded with its contract, the stored
// hash decoded, the event applied and the touched segments evaluated, the hash diff the Redis
// write sends, and the snapshot row the journal sends to Postgres (JSON). One core, no I/O, so
// a change to the codecs or the engine shows here in seconds rather than in a 5-minute run.
// `npm run build && node bench/segmentation/event-path-bench.js`; HISTORIES (10,000), EVENTS
// (100,000), ROUNDS (3) from the environment. Node flags (e.g. --max-semi-space-size) apply.
'use strict';
const path = require('node:path');
const v8 = require('node:v8');
const { benchDefinitions } = require('./catalog');
const preload = require('./preload');
const { eventFactory } = require('./load');

const dist = path.join(__dirname, '../../dist/libs');
const seg = require(path.join(dist, 'segmentation-domain/src/index.js'));
const contracts = require(path.join(dist, 'contracts/src/index.js'));

const HISTORIES = Number(process.env.HISTORIES ?? 10_000);
const EVENTS = Number(process.env.EVENTS ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

function catalogOf(nowMs, features) {
  const { definitions } = benchDefinitions(seg);
  const active = definitions.map((d, i) => ({
    id: d.id,
    version: 1,
    code: i + 1,
    name: d.name,
    strategy: d.strategy,
    condition: d.condition,
  }));
  const build = (quantiles) =>
    seg.catalogFromSnapshot({ active, retiredIds: [], quantiles }, (error) => {
      throw error;
    });
  if (features === undefined) return build({});
  const tables = preload.quantileCuts(features, nowMs);
  return build(Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, t.cuts])));
}

async function main() {
  const nowMs = Date.now();
  const draft = catalogOf(nowMs);
  const { features } = preload.simulateHistories({ histories: HISTORIES, spec: draft.spec, nowMs });
  const catalog = catalogOf(nowMs, features);
  // Stored hashes as the store holds them (`w` and `o` are the store's own fields).
  const stored = preload
    .evaluateHistories(features, catalog, nowMs)
    .map((t, i) => ({ ...JSON.parse(t.json), w: '1', o: String(i + 1) }));
  const ids = features.map((f) => f.customerId);
  const random = preload.mulberry32(11);
  const makeEvent = eventFactory({
    customers: HISTORIES,
    random,
    customerId: (i) => ids[i],
    pool: preload.simulatedEventPool({ nowMs, customers: 300 }),
  });
  const index = new Map(ids.map((id, i) => [id, i]));

  const rows = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const messages = [];
    for (let i = 0; i < EVENTS; i++) messages.push(makeEvent(`path-${round}-${i}`).value);
    const gc0 = gcMillis();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let changes = 0;
    let bytes = 0;
    for (let i = 0; i < messages.length; i++) {
      const decoded = contracts.decodeJsonWith(contracts.contactEventV1Schema, messages[i]);
      if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
      const event = decoded.value;
      const at = index.get(event.customerId);
      const hash = stored[at];
      const current = seg.decodeSegmentStateHash(hash, event.customerId, catalog);
      const outcome = seg.applyContactEvent(current, event, catalog, nowMs);
      changes += outcome.changes.length;
      if (outcome.duplicate) continue;
      const fields = seg.encodeSegmentStateFields(outcome.state, { state: current, hash });
      const next = { ...fields, w: String(Number(hash.w) + 1), o: hash.o };
      // The journal's snapshot row, serialised as upsertSnapshots does.
      bytes += JSON.stringify({
        customer_id: event.customerId,
        state: fields,
        seq: Number(next.w),
        next_due_ms: outcome.state.nextDueMs,
        merged_into: null,
      }).length;
      // Pending changes are recorded at once here; the next event of the customer starts clean.
      stored[at] = next;
    }
    const elapsed = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    // GC entries reach the observer between turns of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    rows.push({
      round,
      events: messages.length,
      cpuMicrosPerEvent: ((cpu.user + cpu.system) / messages.length).toFixed(1),
      wallMicrosPerEvent: ((elapsed * 1000) / messages.length).toFixed(1),
      gcShare: `${(((gcMillis() - gc0) / elapsed) * 100).toFixed(1)} %`,
      changesPerEvent: (changes / messages.length).toFixed(3),
      snapshotBytesPerEvent: Math.round(bytes / messages.length),
    });
  }
  console.log(`node ${process.version} ${process.execArgv.join(' ')} heap ${heapMb()} MB`);
  console.table(rows);
}

let gcTotal = 0;
function gcMillis() {
  return gcTotal;
}
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcTotal += entry.duration;
}).observe({ entryTypes: ['gc'] });

function heapMb() {
  return Math.round(v8.getHeapStatistics().total_heap_size / 1e6);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
