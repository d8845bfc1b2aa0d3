'use strict';
// The alert sink: a separate process (forked by run.js) consuming the run's `triggers` and
// `attrition-alerts` topics. Every benchmark cause carries its intended time in its id
// (`<phase>-<run>-<seq>-<epoch ms>`): a contact event's intended send time, or an absence timer's
// due time (the timer id is the causing id of its firing). A `trigger.fired` /
// `attrition.alert.raised` names its cause in `causationId`, so the latency of a cause is its first
// receipt on a topic minus that intended time.
// Messages from the parent: {cmd:'start', brokers, topics, groupId} → {type:'ready'};
// {cmd:'report', phase} → {type:'report'}; {cmd:'stop'}.
const { Kafka, logLevel } = require('kafkajs');
const path = require('node:path');

// The services' kafkajs patches (libs/kafka README; the sink only consumes, so what matters is no
// 1 ms timer per connection): its own CPU would otherwise be taken from the processes it measures.
require(
  path.resolve(__dirname, '..', '..', 'dist/libs/kafka/src/kafkajs-patches.js'),
).applyKafkajsPatches();

/** phase → topic kind ('triggers' | 'alerts' | 'any') → Map(cause → latency ms of first receipt) */
const seen = new Map();
const counts = { messages: 0, triggers: 0, alerts: 0, unparsed: 0, foreign: 0 };
let lastReceiptMs = 0;
let consumer;

function bucket(phase, kind) {
  let byKind = seen.get(phase);
  if (!byKind) {
    byKind = { triggers: new Map(), alerts: new Map(), any: new Map(), byTrigger: new Map() };
    seen.set(phase, byKind);
  }
  return kind ? byKind[kind] : byKind;
}

function record(topicKind, value, receivedMs) {
  counts.messages += 1;
  counts[topicKind] += 1;
  lastReceiptMs = receivedMs;
  let event;
  try {
    event = JSON.parse(value);
  } catch {
    counts.unparsed += 1;
    return;
  }
  const cause = event.causationId ?? '';
  const dash = cause.lastIndexOf('-');
  const phase = cause.slice(0, cause.indexOf('-'));
  const intended = Number(cause.slice(dash + 1));
  if (dash < 0 || !Number.isFinite(intended) || intended < 1e12) {
    counts.foreign += 1;
    return;
  }
  const latency = receivedMs - intended;
  const mine = bucket(phase, topicKind);
  if (!mine.has(cause)) mine.set(cause, latency);
  const any = bucket(phase, 'any');
  if (!any.has(cause)) any.set(cause, latency);
  if (topicKind === 'triggers') {
    const byTrigger = bucket(phase).byTrigger;
    const trigger = event.payload?.triggerId ?? 'unknown';
    byTrigger.set(trigger, (byTrigger.get(trigger) ?? 0) + 1);
  }
}

async function start({ brokers, topics, groupId }) {
  const kafka = new Kafka({
    clientId: 'cip-bench-lifecycle-sink',
    brokers,
    logLevel: logLevel.NOTHING,
  });
  consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 10, sessionTimeout: 30_000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.triggers, topics.alerts], fromBeginning: true });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    // It only reads: committing each batch (kafkajs' default) would put the sink's own round
    // trips, and its batches' turns, into every latency it measures.
    autoCommit: false,
    partitionsConsumedConcurrently: 24,
    eachBatch: async ({ batch }) => {
      const receivedMs = Date.now();
      const kind = batch.topic === topics.triggers ? 'triggers' : 'alerts';
      for (const message of batch.messages)
        if (message.value) record(kind, message.value.toString('utf8'), receivedMs);
    },
  });
  await joined;
}

function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const pct = (p) =>
    sorted.length === 0
      ? null
      : Math.round(
          sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 100,
        ) / 100;
  return {
    count: sorted.length,
    p50: pct(50),
    p90: pct(90),
    p95: pct(95),
    p99: pct(99),
    p999: pct(99.9),
    max: pct(100),
  };
}

function report(phase) {
  const mine = seen.get(phase);
  return {
    phase,
    anyTopicMs: percentiles(mine ? mine.any.values() : []),
    triggersTopicMs: percentiles(mine ? mine.triggers.values() : []),
    alertsTopicMs: percentiles(mine ? mine.alerts.values() : []),
    firedByTrigger: mine ? Object.fromEntries(mine.byTrigger) : {},
    counts: { ...counts },
    lastReceiptMs,
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
  } else if (message.cmd === 'progress') {
    const mine = seen.get(message.phase);
    process.send({
      type: 'progress',
      causes: mine ? mine.any.size : 0,
      lastReceiptMs,
      messages: counts.messages,
    });
  } else if (message.cmd === 'stop') {
    Promise.resolve(consumer?.disconnect())
      .catch(() => undefined)
      .finally(() => process.exit(0));
  }
});
