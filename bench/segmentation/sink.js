'use strict';
// The latency sink: a separate process (forked by run.js) consuming the segment-membership topic.
// Each benchmark event carries its intended send time in its id (`<phase>-<run>-<seq>-<epoch ms>`)
// and a membership event names its trigger in `causationId` (= payload.triggeringEventId), so the
// latency of an event is the first receipt of a membership change it caused minus the time the
// open-loop generator meant to send it (coordinated omission included). That first change is
// also split where it can be: intended send → the service's evaluation clock (`occurredAt`: the
// load generator's produce, the service's fetch and its batch's reads) → the membership
// message's CreateTime (evaluation, hot write, publish call) → receipt (broker append and ack,
// the sink's own fetch).
// Messages from the parent: {cmd:'start', brokers, topic, groupId} → {ready}; {cmd:'report',
// phase} → {report}; {cmd:'stop'}. With BENCH_SLOW_EVENTS_DIR set, a report also writes every
// event over SLOW_MS to <dir>/slow-events-<phase>.json, for `slow-vs-gc.js`.
const fs = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');
const path = require('node:path');

// The services' kafkajs patches (libs/kafka README; the sink only consumes, so what matters is no
// 1 ms timer per connection): its own CPU would otherwise be taken from the processes it measures.
require(
  path.resolve(__dirname, '..', '..', 'dist/libs/kafka/src/kafkajs-patches.js'),
).applyKafkajsPatches();

/** phase → Map(eventId → latency ms of its first membership change) */
const firstSeen = new Map();
const counts = { messages: 0, bench: 0, backfill: 0, timer: 0, other: 0 };
let backfill = { first: null, last: null, count: 0 };
let consumer;

function record(value, receivedMs, createdMs) {
  counts.messages += 1;
  let event;
  try {
    event = JSON.parse(value);
  } catch {
    counts.other += 1;
    return;
  }
  const cause = event.causationId ?? event.payload?.triggeringEventId ?? '';
  if (cause.startsWith('backfill:')) {
    counts.backfill += 1;
    backfill.count += 1;
    backfill.first ??= receivedMs;
    backfill.last = receivedMs;
    return;
  }
  if (cause.startsWith('timer:')) {
    counts.timer += 1;
    return;
  }
  const dash = cause.lastIndexOf('-');
  const phase = cause.slice(0, cause.indexOf('-'));
  const intended = Number(cause.slice(dash + 1));
  if (dash < 0 || !Number.isFinite(intended)) {
    counts.other += 1;
    return;
  }
  counts.bench += 1;
  let seen = firstSeen.get(phase);
  if (!seen) firstSeen.set(phase, (seen = { first: new Map(), stages: [], slow: [], changes: 0 }));
  seen.changes += 1;
  if (seen.first.has(cause)) return;
  seen.first.set(cause, receivedMs - intended);
  const evaluatedMs = Date.parse(event.occurredAt ?? '');
  const split =
    Number.isFinite(evaluatedMs) && Number.isFinite(createdMs)
      ? [evaluatedMs - intended, createdMs - evaluatedMs, receivedMs - createdMs]
      : undefined;
  if (split) seen.stages.push(split);
  if (receivedMs - intended > SLOW_MS) seen.slow.push([intended, receivedMs - intended, split]);
}

/** Latency above the target, for `slowEvents`: whether slow events cluster in time (a stall). */
const SLOW_MS = 50;

/** The slow events by second of intended send time, the worst five seconds first. */
function slowSummary(slow) {
  const bySecond = new Map();
  for (const [intended, latency, split] of slow) {
    const second = Math.floor(intended / 1_000);
    const entry = bySecond.get(second) ?? { count: 0, maxMs: 0, stages: [] };
    entry.count += 1;
    entry.maxMs = Math.max(entry.maxMs, Math.round(latency));
    if (split) entry.stages.push(split);
    bySecond.set(second, entry);
  }
  const worst = [...bySecond]
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, 5)
    .map(([second, { count, maxMs, stages }]) => ({
      at: new Date(second * 1_000).toISOString().slice(11, 19),
      count,
      maxMs,
      stageMeansMs: Object.fromEntries(
        STAGES.map((name, i) => [
          name,
          Math.round(stages.reduce((sum, split) => sum + split[i], 0) / Math.max(1, stages.length)),
        ]),
      ),
    }));
  return { overMs: SLOW_MS, count: slow.length, seconds: bySecond.size, worstSeconds: worst };
}

const STAGES = ['toEvaluation', 'evaluationToPublish', 'publishToReceipt'];

/** Every slow event of a phase, for lining them up with the service's GC (slow-vs-gc.js). */
function writeSlowEvents(slow, phase) {
  const dir = process.env.BENCH_SLOW_EVENTS_DIR;
  if (!dir) return;
  const events = slow.map(([intendedMs, latencyMs, split]) => ({
    intendedMs,
    latencyMs: Math.round(latencyMs * 10) / 10,
    ...(split ? { stagesMs: Object.fromEntries(STAGES.map((name, i) => [name, split[i]])) } : {}),
  }));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `slow-events-${phase}.json`), JSON.stringify(events));
}

/** p50 / p99 of each stage over the events whose first change was split. */
function stageSummary(stages) {
  const summary = {};
  STAGES.forEach((name, i) => {
    const values = Float64Array.from(stages, (s) => s[i]).sort();
    const at = (p) =>
      values.length === 0
        ? null
        : Math.round(values[Math.min(values.length - 1, Math.ceil(p * values.length) - 1)]);
    summary[name] = { p50: at(0.5), p99: at(0.99) };
  });
  return summary;
}

async function start({ brokers, topic, groupId }) {
  const kafka = new Kafka({ clientId: 'cip-bench-sink', brokers, logLevel: logLevel.NOTHING });
  consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 20, sessionTimeout: 30_000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    // It only reads: committing each batch (kafkajs' default) and taking partitions one at a time
    // would put the sink's own round trips, and its batches' turns, into every latency it measures.
    autoCommit: false,
    partitionsConsumedConcurrently: 12,
    eachBatch: async ({ batch }) => {
      const receivedMs = Date.now();
      for (const message of batch.messages)
        if (message.value)
          record(message.value.toString('utf8'), receivedMs, Number(message.timestamp));
    },
  });
  await joined;
}

function report(phase) {
  const seen = firstSeen.get(phase);
  writeSlowEvents(seen?.slow ?? [], phase);
  const latencies = seen ? Float64Array.from(seen.first.values()).sort() : new Float64Array();
  const pct = (p) =>
    latencies.length === 0
      ? null
      : Math.round(
          latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] *
            100,
        ) / 100;
  return {
    phase,
    eventsWithChange: latencies.length,
    membershipChanges: seen?.changes ?? 0,
    latencyMs: {
      p50: pct(50),
      p90: pct(90),
      p95: pct(95),
      p99: pct(99),
      p999: pct(99.9),
      max: pct(100),
    },
    stagesMs: stageSummary(seen?.stages ?? []),
    slowEvents: slowSummary(seen?.slow ?? []),
    counts: { ...counts },
    backfill: { ...backfill },
  };
}

process.on('message', (message) => {
  if (message.cmd === 'start') {
    start(message).then(
      () => process.send({ type: 'ready' }),
      (error) => process.send({ type: 'error', error: String(error?.stack ?? error) }),
    );
  } else if (message.cmd === 'report') {
    process.send({ type: 'report', report: report(message.phase) });
  } else if (message.cmd === 'reset-backfill') {
    backfill = { first: null, last: null, count: 0 };
    process.send({ type: 'ok' });
  } else if (message.cmd === 'stop') {
    Promise.resolve(consumer?.disconnect())
      .catch(() => undefined)
      .finally(() => process.exit(0));
  }
});
