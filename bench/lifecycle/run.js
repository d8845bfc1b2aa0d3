'use strict';
// `npm run bench:lifecycle`: builds, brings the local stack up, then measures the lifecycle service
// (issue #5 item 6) and writes bench/lifecycle/results/<time>.json and the table in
// bench/lifecycle/README.md. See that README for what each phase does. Bounds from the
// environment (defaults in brackets): BENCH_LOW_RATES [10,50], BENCH_LOW_S [20], BENCH_LATENCY_RATE
// [2000], BENCH_LATENCY_S [60], BENCH_DRAIN_S [30], BENCH_TIMERS [1000000] armed in total, of which
// BENCH_TIMERS_DUE [3000] come due over BENCH_TIMER_WINDOW_S [60] s, BENCH_TIMER_BURST [5000]
// due at one instant (drain throughput), BENCH_SIM_CUSTOMERS [20000], BENCH_SIM_MONTHS [12],
// BENCH_SKIP [comma list of latency,timers,simulator], BENCH_KEEP [0: 1 = keep data].
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execSync, fork, spawn } = require('node:child_process');
const { Client } = require('pg');
const Redis = require('ioredis');
const { Kafka, logLevel } = require('kafkajs');
const { createRunTopics } = require('../ingest/topics');
const { removeRunData } = require('../run-cleanup');
const { eventFactory, produceOpenLoop, MIX } = require('./load');
const { startLifecycle } = require('./service');
const { runSimulatorQuality } = require('./simulator-quality');
const { writeReadmeTable } = require('./report');

const root = path.resolve(__dirname, '..', '..');
const testing = require(path.join(root, 'dist/libs/testing/src/index.js'));
const busLib = require(path.join(root, 'dist/libs/kafka/src/index.js'));
// The harness's kafkajs clients get the services' patches (libs/kafka README): no 1 ms timer per
// connection, Produce requests encoded in one pass.
busLib.applyKafkajsPatches();

const num = (name, fallback) =>
  process.env[name] === undefined ? fallback : Number(process.env[name]);
const CONFIG = {
  lowRates: (process.env.BENCH_LOW_RATES ?? '10,50').split(',').map(Number),
  lowS: num('BENCH_LOW_S', 20),
  latencyRate: num('BENCH_LATENCY_RATE', 2_000),
  latencyS: num('BENCH_LATENCY_S', 60),
  drainS: num('BENCH_DRAIN_S', 30),
  timers: num('BENCH_TIMERS', 1_000_000),
  timersDue: num('BENCH_TIMERS_DUE', 3_000),
  timerWindowS: num('BENCH_TIMER_WINDOW_S', 60),
  timerLeadS: num('BENCH_TIMER_LEAD_S', 10),
  timerBurst: num('BENCH_TIMER_BURST', 5_000),
  simCustomers: num('BENCH_SIM_CUSTOMERS', 20_000),
  simMonths: num('BENCH_SIM_MONTHS', 12),
  skip: new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean)),
  keep: process.env.BENCH_KEEP === '1',
};
/** The absence trigger the armed timers belong to (anti-attrition: trigger.fired + attrition alert). */
const TIMER_TRIGGER = 'unresolved-complaint';
const runTag = Date.now().toString(36);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);
const loadavg = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

function cpuStallMicros() {
  try {
    return Number(/^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}

/** CPU stall share, service CPU and load average over a stretch of the run. */
function meter(service) {
  const t0 = performance.now();
  const stall0 = cpuStallMicros();
  const cpu0 = service?.cpuSeconds() ?? Number.NaN;
  const load0 = loadavg();
  return () => {
    const s = (performance.now() - t0) / 1_000;
    const stall = cpuStallMicros() - stall0;
    return {
      seconds: Math.round(s * 10) / 10,
      serviceCpuCores: service ? Math.round(((service.cpuSeconds() - cpu0) / s) * 100) / 100 : null,
      cpuStallShare: Number.isFinite(stall) ? Math.round(stall / 1e4 / s) / 100 : null,
      loadAverageBefore: load0,
      loadAverageAfter: loadavg(),
    };
  };
}

function git(command) {
  try {
    return execSync(`git ${command}`, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

async function machineFacts(client) {
  const { rows } = await client.query('SHOW server_version');
  const kafkaJar = fs
    .readdirSync(path.join(root, '.cache/kafka/libs'))
    .find((f) => /^kafka-clients-.*\.jar$/.test(f));
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cores: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kafka: kafkaJar?.replace(/^kafka-clients-|\.jar$/g, ''),
    kafkajs: require(path.join(root, 'node_modules/kafkajs/package.json')).version,
    postgres: rows[0].server_version,
    commit: git('rev-parse --short HEAD') ?? 'unknown',
    uncommittedChanges: (git('status --porcelain') ?? '') !== '',
  };
}

function runMigrations(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'dist/libs/persistence/src/migrate.cli.js'), 'lifecycle'],
      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`migrate failed (${code}): ${out}`)),
    );
  });
}

/** The sink process: consumes triggers + attrition-alerts, answers reports over IPC. */
async function startSink({ brokers, topics, groupId }) {
  const child = fork(path.join(__dirname, 'sink.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = [];
  child.on('message', (m) => pending.shift()?.(m));
  const ask = (message) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`sink did not answer ${message.cmd}`)),
        60_000,
      );
      pending.push((m) => {
        clearTimeout(timer);
        if (m.type === 'error') reject(new Error(m.error));
        else resolve(m);
      });
      child.send(message);
    });
  await ask({ cmd: 'start', brokers, topics, groupId });
  return {
    report: async (phase) => (await ask({ cmd: 'report', phase })).report,
    progress: (phase) => ask({ cmd: 'progress', phase }),
    stop: () =>
      new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ cmd: 'stop' });
      }),
  };
}

/** Messages on the service's contact-events consumer group not consumed yet. */
async function consumerLag(admin, groupId, topic) {
  const [committed, ends] = await Promise.all([
    admin.fetchOffsets({ groupId, topics: [topic] }),
    admin.fetchTopicOffsets(topic),
  ]);
  const done = new Map(
    (committed[0]?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]),
  );
  return ends.reduce(
    (sum, p) => sum + Math.max(0, Number(p.high) - (done.get(p.partition) ?? 0)),
    0,
  );
}

/** Waits until the sink has seen `expected` causes of `phase`, or nothing new for `quietS`, or `maxS`. */
async function drain(sink, phase, expected, maxS, quietS = 8) {
  const started = Date.now();
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const { causes } = await sink.progress(phase);
    if (causes !== last) {
      last = causes;
      lastChange = Date.now();
    }
    if (causes >= expected) break;
    if (Date.now() - lastChange > quietS * 1_000 || Date.now() - started > maxS * 1_000) break;
    await sleep(500);
  }
  return { causes: last, waitedS: Math.round((Date.now() - started) / 100) / 10 };
}

// ---------------------------------------------------------------------------------------------
// Phase 1: alert latency at 2,000 events/s.

async function latencyPhase({ service, sink, producer, admin, topics, serviceGroup }) {
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4_294_967_296;
  };
  const out = {};
  // Warm-up, then a low-rate step: the latency of the path when the service is not queueing.
  const warm = eventFactory({ runTag: `${runTag}w`, random });
  log(`latency: warm-up 3 s at ${CONFIG.lowRates[0]}/s`);
  await produceOpenLoop({
    producer,
    topic: topics.contactEvents,
    rate: CONFIG.lowRates[0],
    durationMs: 3_000,
    phase: 'warm',
    runTag,
    makeEvent: warm.makeEvent,
  });
  await drain(sink, 'warm', warm.expected().firing, 20, 5);
  out.low = [];
  for (const [i, rate] of CONFIG.lowRates.entries())
    out.low.push(
      await step({ rate, seconds: CONFIG.lowS, phase: `low${i}`, tag: `${runTag}o${i}` }),
    );
  out.target = await step({
    rate: CONFIG.latencyRate,
    seconds: CONFIG.latencyS,
    phase: 'lat',
    tag: `${runTag}l`,
  });
  out.mix = MIX.map(([s, kind, fires]) => ({ share: s, kind, fires }));
  // Whatever the service has not consumed yet would compete with the timer poller in the next
  // phase (same process, same pool): delete it from the topic (the consumers skip to the end).
  const ends = await admin.fetchTopicOffsets(topics.contactEvents);
  const lag = await consumerLag(admin, serviceGroup, topics.contactEvents);
  await admin.deleteTopicRecords({
    topic: topics.contactEvents,
    partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
  });
  out.backlogDeleted = lag;
  log(`  deleted the unconsumed backlog (${lag} events) before the timer phase`);
  await sleep(3_000);
  return out;

  async function step({ rate, seconds, phase, tag }) {
    const factory = eventFactory({ runTag: tag, random });
    log(`latency: ${seconds} s at ${rate}/s (open loop, acks=all)`);
    const lagBefore = await consumerLag(admin, serviceGroup, topics.contactEvents);
    const stop = meter(service);
    const cpu0 = service.cpuSeconds();
    let maxLag = lagBefore;
    let sampling = true;
    const lagSamples = [];
    const sampler = (async () => {
      while (sampling) {
        await sleep(2_000);
        if (!sampling) break;
        const lag = await consumerLag(admin, serviceGroup, topics.contactEvents).catch(() => null);
        if (lag !== null) {
          lagSamples.push(lag);
          maxLag = Math.max(maxLag, lag);
        }
      }
    })();
    const produced = await produceOpenLoop({
      producer,
      topic: topics.contactEvents,
      rate,
      durationMs: seconds * 1_000,
      phase,
      runTag,
      makeEvent: factory.makeEvent,
    });
    sampling = false;
    await sampler;
    const load = stop();
    const cpu = service.cpuSeconds() - cpu0;
    const lagAtEnd = await consumerLag(admin, serviceGroup, topics.contactEvents);
    // Events the service's trigger consumer got through during the step (committed offsets).
    const consumed = produced.acked + lagBefore - lagAtEnd;
    const expected = factory.expected();
    const serviceThroughput = {
      consumedEvents: consumed,
      consumedPerSecond: Math.round(consumed / produced.elapsedS),
      serviceCpuMsPerConsumedEvent: consumed > 0 ? Math.round((cpu * 1e5) / consumed) / 100 : null,
    };
    log(
      `  produced ${produced.acked}/${produced.scheduled} (${produced.ackedPerSecond}/s, ` +
        `ack p99 ${produced.acceptanceLatencyMs.p99} ms), ${expected.firing} should fire; service ` +
        `consumed ${serviceThroughput.consumedPerSecond}/s (${serviceThroughput.serviceCpuMsPerConsumedEvent} ms CPU each), ` +
        `lag at end ${lagAtEnd}, max ${maxLag}; service CPU ${load.serviceCpuCores} cores, CPU stall ${load.cpuStallShare}`,
    );
    const drained = await drain(sink, phase, expected.firing, CONFIG.drainS);
    const report = await sink.report(phase);
    const lagAfterDrain = await consumerLag(admin, serviceGroup, topics.contactEvents);
    log(
      `  alerts for ${report.anyTopicMs.count}/${expected.firing} causes (drain ${drained.waitedS} s): ` +
        `p50 ${report.anyTopicMs.p50} p95 ${report.anyTopicMs.p95} p99 ${report.anyTopicMs.p99} ` +
        `max ${report.anyTopicMs.max} ms; lag after drain ${lagAfterDrain}`,
    );
    return {
      produced,
      expectedFirings: expected,
      serviceGroupLag: {
        beforeStep: lagBefore,
        maxDuringLoad: maxLag,
        atEndOfLoad: lagAtEnd,
        afterDrain: lagAfterDrain,
        samples: lagSamples,
      },
      serviceThroughput,
      drain: drained,
      load,
      sink: report,
      missingAlerts: expected.firing - report.anyTopicMs.count,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Phase 2: 1M armed absence timers, a subset coming due over a short window.

async function insertTimers(client, table, { from, count, phase, dueSql }) {
  // Server-side generate_series: one statement per 100,000 rows, no client round trips per row.
  const chunk = 100_000;
  for (let first = from; first < from + count; first += chunk) {
    const last = Math.min(from + count, first + chunk) - 1;
    await client.query(
      `INSERT INTO ${table} (timer_id, customer_id, trigger_id, correlation_key, armed_by_event_id,
         armed_by_event_type, correlation_id, armed_at, due_at, status)
       SELECT $1 || '-' || i || '-' || (extract(epoch from d.due) * 1000)::bigint,
              'lt-' || $2 || '-' || i, $3, 'cmp-' || i, 'ev-' || $2 || '-' || i,
              'complaint.filed', 'corr-' || $2 || '-' || i, now(), d.due, 'armed'
       FROM generate_series($4::int, $5::int) AS i, LATERAL (SELECT ${dueSql} AS due) d`,
      [`${phase}-${runTag}`, runTag, TIMER_TRIGGER, first, last],
    );
  }
}

async function lateness(client, table, phase) {
  const { rows } = await client.query(
    `SELECT status, count(*)::int AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch from settled_at - due_at) * 1000) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch from settled_at - due_at) * 1000) AS p99,
            max(extract(epoch from settled_at - due_at) * 1000) AS max,
            min(due_at) AS first_due, max(due_at) AS last_due, max(settled_at) AS last_settled
     FROM ${table} WHERE timer_id LIKE $1 GROUP BY status`,
    [`${phase}-${runTag}-%`],
  );
  const r2 = (v) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return Object.fromEntries(
    rows.map((r) => [
      r.status,
      {
        count: r.n,
        claimLatenessMs: { p50: r2(r.p50), p99: r2(r.p99), max: r2(r.max) },
        firstDue: r.first_due,
        lastDue: r.last_due,
        lastSettled: r.last_settled,
      },
    ]),
  );
}

async function timersPhase({ service, sink, client, schema }) {
  const table = `"${schema}".absence_timer`;
  const far = CONFIG.timers - CONFIG.timersDue - CONFIG.timerBurst;
  const result = {
    trigger: TIMER_TRIGGER,
    armedTotal: CONFIG.timers,
    config: { ...CONFIG, skip: undefined },
  };
  log(`timers: arming ${far} timers due in 1-30 days (not due during the run)`);
  let t = performance.now();
  await insertTimers(client, table, {
    from: 0,
    count: far,
    phase: 'far',
    dueSql: `now() + interval '1 day' + (i % 2500000) * interval '1 second'`,
  });
  result.farInsertS = Math.round((performance.now() - t) / 100) / 10;
  log(`  ${far} armed in ${result.farInsertS} s`);

  // The measured window: due from now + lead over the window, evenly spread.
  t = performance.now();
  const windowStart = Date.now() + CONFIG.timerLeadS * 1_000;
  const stepMs = (CONFIG.timerWindowS * 1_000) / CONFIG.timersDue;
  await insertTimers(client, table, {
    from: far,
    count: CONFIG.timersDue,
    phase: 'tmr',
    dueSql: `to_timestamp((${windowStart} + (i - ${far}) * ${stepMs}) / 1000.0)`,
  });
  await client.query(`ANALYZE ${table}`);
  const armed = (
    await client.query(`SELECT count(*)::int AS n FROM ${table} WHERE status = 'armed'`)
  ).rows[0].n;
  result.armedWhenWindowOpens = armed;
  result.dueInsertS = Math.round((performance.now() - t) / 100) / 10;
  log(
    `  ${CONFIG.timersDue} more due over ${CONFIG.timerWindowS} s from ${new Date(windowStart).toISOString().slice(11, 19)} ` +
      `(${Math.round(CONFIG.timersDue / CONFIG.timerWindowS)} timers/s); ${armed} armed in all`,
  );
  const wait = windowStart - Date.now();
  if (wait < 0) log(`  WARNING: the window opened ${-wait} ms before the insert finished`);
  const stop = meter(service);
  await sleep(Math.max(0, wait) + CONFIG.timerWindowS * 1_000);
  result.windowLoad = stop();
  const drained = await drain(sink, 'tmr', CONFIG.timersDue, CONFIG.drainS);
  result.window = {
    due: CONFIG.timersDue,
    windowS: CONFIG.timerWindowS,
    ratePerS: Math.round(CONFIG.timersDue / CONFIG.timerWindowS),
    drain: drained,
    db: await lateness(client, table, 'tmr'),
    sink: await sink.report('tmr'),
  };
  const s = result.window.sink.anyTopicMs;
  log(
    `  window: ${s.count}/${CONFIG.timersDue} alerts received; lateness (due → receipt) ` +
      `p50 ${s.p50} p99 ${s.p99} max ${s.max} ms; DB ${JSON.stringify(result.window.db.fired?.claimLatenessMs)}`,
  );

  if (CONFIG.timerBurst > 0) {
    // Burst: many timers due at one instant, to measure how fast the poller drains a backlog.
    const burstAt = Date.now() + 5_000;
    await insertTimers(client, table, {
      from: far + CONFIG.timersDue,
      count: CONFIG.timerBurst,
      phase: 'bst',
      dueSql: `to_timestamp(${burstAt} / 1000.0)`,
    });
    log(
      `timers: burst of ${CONFIG.timerBurst} due at ${new Date(burstAt).toISOString().slice(11, 19)}`,
    );
    await sleep(Math.max(0, burstAt - Date.now()));
    const stopBurst = meter(service);
    const drainedBurst = await drain(sink, 'bst', CONFIG.timerBurst, Math.max(CONFIG.drainS, 120));
    const load = stopBurst();
    const db = await lateness(client, table, 'bst');
    const sinkReport = await sink.report('bst');
    const fired = db.fired?.count ?? 0;
    const lastSettled = db.fired ? new Date(db.fired.lastSettled).getTime() : burstAt;
    result.burst = {
      due: CONFIG.timerBurst,
      drain: drainedBurst,
      load,
      db,
      sink: sinkReport,
      firedPerSecond:
        fired > 0 ? Math.round(fired / Math.max(0.001, (lastSettled - burstAt) / 1_000)) : 0,
    };
    log(
      `  burst: ${fired} fired, ${result.burst.firedPerSecond} timers/s; receipt lateness p50 ` +
        `${sinkReport.anyTopicMs.p50} p99 ${sinkReport.anyTopicMs.p99} max ${sinkReport.anyTopicMs.max} ms`,
    );
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const infra = testing.testInfra();
  const isolation = testing.newIsolation('lcbench');
  const env = testing.serviceEnv(infra, isolation, { LOG_LEVEL: 'warn' });
  const schema = `${isolation.schemaPrefix}lifecycle`;
  const client = new Client({ connectionString: infra.databaseUrl });
  await client.connect();
  const redis = new Redis(infra.redisUrl, { lazyConnect: true });
  await redis.connect();
  const facts = { ...(await machineFacts(client)), loadAverageBefore: loadavg() };
  log(`bench:lifecycle on ${facts.cores} cores, load average ${facts.loadAverageBefore.join(' ')}`);
  const results = { facts, config: { ...CONFIG, skip: [...CONFIG.skip] }, phases: {} };
  const topics = {
    contactEvents: `${isolation.topicPrefix}contact-events`,
    triggers: `${isolation.topicPrefix}triggers`,
    alerts: `${isolation.topicPrefix}attrition-alerts`,
  };
  const serviceGroup = `${isolation.consumerGroupPrefix}.${isolation.topicPrefix}lifecycle.trigger-contact-events`;
  const kafka = new Kafka({
    clientId: 'cip-bench-lifecycle',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: busLib.KeyHashPartitioner,
  });
  let service;
  let sink;
  try {
    if (!CONFIG.skip.has('latency') || !CONFIG.skip.has('timers')) {
      await createRunTopics(root, infra.kafkaBrokers, isolation.topicPrefix);
      results.migrations = await runMigrations(env);
      service = await startLifecycle({
        root,
        env,
        logFile: path.join(root, '.run/logs/bench-lifecycle.log'),
        profileDir:
          process.env.BENCH_PROFILE === '1'
            ? path.join(root, '.run/profiles/lifecycle')
            : undefined,
      });
      sink = await startSink({
        brokers: infra.kafkaBrokers,
        topics,
        groupId: `${isolation.consumerGroupPrefix}.bench-sink`,
      });
      await admin.connect();
      await producer.connect();
      log(`setup: topics, migrations, service pid ${service.pid} ready, sink ready`);
    }
    if (!CONFIG.skip.has('latency'))
      results.phases.latency = await latencyPhase({
        service,
        sink,
        producer,
        admin,
        topics,
        serviceGroup,
      });
    if (!CONFIG.skip.has('timers'))
      results.phases.timers = await timersPhase({ service, sink, client, schema });
    if (service && !service.alive()) results.serviceDied = true;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await sink?.stop();
    await service?.stop();
    await client.end();
    if (!CONFIG.keep) await removeRunData({ infra, isolation, log });
    redis.disconnect();
  }
  if (!CONFIG.skip.has('simulator')) {
    log(
      `simulator: ${CONFIG.simCustomers} customers × ${CONFIG.simMonths} months, offline through the domain use cases`,
    );
    const stop = meter(undefined);
    results.phases.simulator = await runSimulatorQuality({
      customers: CONFIG.simCustomers,
      months: CONFIG.simMonths,
      log,
    });
    results.phases.simulator.load = stop();
    const s = results.phases.simulator;
    log(
      `  ${s.events} events; churners alerted ≥ ${s.minLeadDays} d before: ${s.recall14d}, median lead ` +
        `${s.medianLeadDays} d, false-alert rate ${s.falseAlertRate}`,
    );
  }
  results.facts.loadAverageAfter = loadavg();
  results.facts.durationS = Math.round((Date.now() - started) / 1_000);
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${facts.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  if (process.env.BENCH_NO_README !== '1')
    writeReadmeTable(path.join(__dirname, 'README.md'), results);
  log(`results: ${path.relative(root, file)} (${results.facts.durationS} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
