'use strict';
// `npm run bench:segmentation`: builds, brings the local stack up, then measures the segmentation
// service at population scale (issue #4 item 8) and writes bench/segmentation/results/<time>.json
// and the table in bench/segmentation/README.md. See that README for what each phase does.
// Scale and bounds from the environment (defaults in brackets): BENCH_CUSTOMERS [1000000],
// BENCH_HISTORIES [10000], BENCH_THROUGHPUT_EVENTS [300000], BENCH_DRAIN_S [150],
// BENCH_LATENCY_RATE [5000], BENCH_LATENCY_S [30], BENCH_BACKFILL_TIMEOUT_S [240],
// BENCH_PROFILE [0: 1 = CPU profile of the service in .run/profiles], BENCH_PROFILE_INSTANCE [0:
// which service process it samples], BENCH_KEEP [0: 1 = keep data],
// BENCH_INSTANCES [1: service processes sharing the partitions], BENCH_BACKFILL_WORKER [1: one more
// process that runs re-evaluation jobs only; 0 = the instances run them too],
// BENCH_LATENCY_PRIME_S [5: seconds at the latency rate right before the measured ones],
// BENCH_SEND_INTERVAL_MS [5: how often the open-loop driver sends what is due, load.js],
// BENCH_SERVICE_NODE_ARGS [none: Node flags for the service processes, e.g. --trace-gc, or
// "-r ./bench/segmentation/gc-timeline.js"], BENCH_LOAD_NODE_ARGS [none: the same for the load
// generator's process, load-process.js], BENCH_SINK_NODE_ARGS [none: the same for the sink],
// BENCH_SLOW_EVENTS_DIR [none: the sink writes each
// phase's events over 50 ms there, for slow-vs-gc.js].
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execSync, fork, spawn } = require('node:child_process');
const { Client } = require('pg');
const Redis = require('ioredis');
const { Kafka, logLevel, ConfigResourceTypes } = require('kafkajs');
const { createRunTopics } = require('../ingest/topics');
const { removeRunData } = require('../run-cleanup');
const { benchDefinitions } = require('./catalog');
const preload = require('./preload');
const { SEND_INTERVAL_MS } = require('./load');
const { startLoadProcess, QUIET_NODE_ARGS, nodeArgs } = require('./load-process');
const { request } = require('./ipc');
const { startSegmentationInstances } = require('./service');
const { consumerPerf, redisBenchmark } = require('./ceilings');
const { writeReadmeTable } = require('./report');
const { usedMemory, sampleHashes, fieldBreakdown, measureStandardSet } = require('./memory');
const { startMachineCpu, perEvent } = require('./machine-cpu');
const { probe: probeSpeed } = require('../speed-probe');

const root = path.resolve(__dirname, '..', '..');
const testing = require(path.join(root, 'dist/libs/testing/src/index.js'));
const busLib = require(path.join(root, 'dist/libs/kafka/src/index.js'));
// The harness's kafkajs clients get the services' patches (libs/kafka README): no 1 ms timer per
// connection, Produce requests encoded in one pass.
busLib.applyKafkajsPatches();
const seg = require(path.join(root, 'dist/libs/segmentation-domain/src/index.js'));
const { loadCatalogSnapshot } = require(
  path.join(root, 'dist/apps/segmentation/src/segment-catalog/postgres-catalog-snapshot.js'),
);

const num = (name, fallback) =>
  process.env[name] === undefined ? fallback : Number(process.env[name]);
const CONFIG = {
  customers: num('BENCH_CUSTOMERS', 1_000_000),
  histories: num('BENCH_HISTORIES', 10_000),
  throughputEvents: num('BENCH_THROUGHPUT_EVENTS', 300_000),
  drainS: num('BENCH_DRAIN_S', 90),
  latencyRate: num('BENCH_LATENCY_RATE', 5_000),
  latencyS: num('BENCH_LATENCY_S', 30),
  // A rate the service keeps up with, to show the pipeline's own latency (0 = skip).
  referenceRate: num('BENCH_REFERENCE_RATE', 500),
  referenceS: num('BENCH_REFERENCE_S', 20),
  // Seconds at the latency rate just before the measured ones, reported on their own (0 = none):
  // the service's JIT tiers up for the first seconds at a new rate (README, eighteenth round).
  primeS: num('BENCH_LATENCY_PRIME_S', 5),
  backfillTimeoutS: num('BENCH_BACKFILL_TIMEOUT_S', 180),
  profile: process.env.BENCH_PROFILE === '1',
  // Which service process BENCH_PROFILE samples: 0 the first events instance; with a backfill
  // worker, BENCH_INSTANCES is the worker.
  profileInstance: num('BENCH_PROFILE_INSTANCE', 0),
  instances: Math.max(1, num('BENCH_INSTANCES', 1)),
  // One more service process that runs re-evaluation jobs only (SEGMENTATION_WORKLOADS=backfill),
  // the others events and timers.
  backfillWorker: process.env.BENCH_BACKFILL_WORKER !== '0',
  // The service publishes all membership changes of a consumed batch in one produce call, and
  // they all land in one partition (same key, same partition count as contact-events): above the
  // broker's 1 MB default the publish fails. 0 keeps the default and shows the failure.
  membershipMaxMessageBytes: num('BENCH_MEMBERSHIP_MAX_MESSAGE_BYTES', 33_554_432),
  // The service's KAFKA_PRODUCE_TIMEOUT_MS (its default, 5,000, fails the publish of a backlog
  // batch's membership changes on this loaded machine, and the batch is retried forever).
  produceTimeoutMs: num('BENCH_PRODUCE_TIMEOUT_MS', 30_000),
  keep: process.env.BENCH_KEEP === '1',
  // `simulator` (default): events drawn from the simulator's own stream; `stress`: the old mix.
  mix: process.env.BENCH_MIX === 'stress' ? 'stress' : 'simulator',
  // The same population again with the standard feature set only (issue #4's 1 KB aim).
  standardMemory: process.env.BENCH_STANDARD_MEMORY !== '0',
};
const runTag = Date.now().toString(36);
/** `dist` (default): dist/apps/segmentation/src/main.js; `bench-wired`: see wired-main.js. */
const SERVICE_MAIN = process.env.BENCH_SERVICE_MAIN ?? 'dist';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

function cpuStallMicros() {
  try {
    return Number(/^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
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
  const kafkaJar =
    fs
      .readdirSync(path.join(root, '.cache/kafka/libs'))
      .find((f) => /^kafka-clients-.*\.jar$/.test(f)) ?? '';
  return {
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kafka: kafkaJar.replace(/^kafka-clients-|\.jar$/g, ''),
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
      [path.join(root, 'dist/libs/persistence/src/migrate.cli.js'), 'segmentation'],
      {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`migrate failed (${code}): ${out}`)),
    );
  });
}

/** A TypeORM-like shim over one pg client, enough for the service's loadCatalogSnapshot. */
function dataSourceShim(client) {
  return {
    async transaction(level, fn) {
      await client.query(`BEGIN ISOLATION LEVEL ${level}`);
      try {
        const result = await fn({
          query: async (sql, params) => (await client.query(sql, params)).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
}

/** The 100 definitions stored active (version 1), as the definitions API stores them. */
async function storeDefinitions(client, definitions) {
  // The seeded walking-skeleton rule would be a 101st active segment.
  await client.query(`DELETE FROM segment_definition WHERE id = 'repeated-complainers'`);
  await client.query(`DELETE FROM segment WHERE id = 'repeated-complainers'`);
  const quantileTables = new Set(Object.keys(seg.QUANTILE_TABLES));
  for (const d of definitions) {
    const parsed = seg.validateDefinitionDraft(
      {
        id: d.id,
        name: d.name,
        description: d.description,
        owner: d.owner,
        strategy: d.strategy,
        condition: d.condition,
        pack: d.pack,
      },
      { quantileTables },
    );
    if (!parsed.ok)
      throw new Error(`definition ${d.id} does not validate: ${JSON.stringify(parsed.issues)}`);
    const { draft } = parsed;
    await client.query(`INSERT INTO segment (id) VALUES ($1)`, [d.id]);
    await client.query(
      `INSERT INTO segment_definition
         (id, version, status, name, description, owner, strategy, condition, pack, created_by, activated_at)
       VALUES ($1, 1, 'active', $2, $3, $4, $5, $6::jsonb, $7, 'bench', now())`,
      [
        d.id,
        draft.name,
        draft.description,
        draft.owner,
        draft.strategy,
        JSON.stringify(draft.condition),
        draft.pack,
      ],
    );
  }
}

/** Committed offsets of a consumer group and the end offsets of the topic. */
async function groupProgress(admin, groupId, topic) {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  let done = 0;
  for (const p of committed.partitions) if (Number(p.offset) > 0) done += Number(p.offset);
  const end = ends.reduce((n, p) => n + Number(p.high), 0);
  return { committed: done, end, lag: end - done, atMs: Date.now() };
}

async function waitForDrain(admin, groupId, topic, timeoutMs, samples) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await groupProgress(admin, groupId, topic);
    samples?.push(progress);
    if (progress.lag === 0) return { drained: true, ...progress };
    if (Date.now() > deadline) return { drained: false, ...progress };
    await sleep(1_000);
  }
}

async function http(service, method, pathname, body) {
  const response = await fetch(`${service.origin}${pathname}`, {
    method,
    headers:
      body === undefined
        ? { 'x-actor': 'bench' }
        : { 'content-type': 'application/json', 'x-actor': 'bench' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, body: json };
}

function rate(samples, fromMs, toMs) {
  const inside = samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
  if (inside.length < 2) return null;
  const a = inside[0];
  const b = inside[inside.length - 1];
  return b.atMs > a.atMs
    ? Math.round(((b.committed - a.committed) * 1_000) / (b.atMs - a.atMs))
    : null;
}

/** Best rate over any `windowMs` span of the samples. */
function peakRate(samples, windowMs) {
  let best = null;
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      if (samples[j].atMs - samples[i].atMs >= windowMs) {
        const r =
          ((samples[j].committed - samples[i].committed) * 1_000) /
          (samples[j].atMs - samples[i].atMs);
        if (best === null || r > best) best = r;
        break;
      }
    }
  }
  return best === null ? null : Math.round(best);
}

/** Pids the harness knows, by role, for the machine CPU breakdown (set once the service runs). */
const processRoles = new Map([[process.pid, 'harness']]);

async function phaseCpu(service, fn) {
  const machine = startMachineCpu(processRoles);
  const cpu0 = service.cpuSeconds();
  const stall0 = cpuStallMicros();
  const t0 = performance.now();
  const result = await fn();
  const elapsedS = (performance.now() - t0) / 1_000;
  const cpu = service.cpuSeconds() - cpu0;
  const stall = cpuStallMicros() - stall0;
  const machineCpu = machine.stop();
  return {
    result,
    machineCpu,
    elapsedS: Math.round(elapsedS * 10) / 10,
    serviceCpuCores: Math.round((cpu / elapsedS) * 100) / 100,
    serviceCpuSeconds: Math.round(cpu * 10) / 10,
    cpuStallShare: Number.isFinite(stall) ? Math.round(stall / 1e4 / elapsedS) / 100 : null,
  };
}

async function main() {
  const started = Date.now();
  const infra = testing.testInfra();
  const isolation = testing.newIsolation('segbench');
  const env = testing.serviceEnv(infra, isolation, {
    LOG_LEVEL: 'warn',
    API_KEYS_REQUIRED: 'false',
    ...(CONFIG.produceTimeoutMs > 0
      ? { KAFKA_PRODUCE_TIMEOUT_MS: String(CONFIG.produceTimeoutMs) }
      : {}),
  });
  const schema = `${isolation.schemaPrefix}segmentation`;
  const prefix = isolation.redisKeyPrefix;
  const contactTopic = `${isolation.topicPrefix}contact-events`;
  const membershipTopic = `${isolation.topicPrefix}segment-membership`;
  const groupId = `${isolation.consumerGroupPrefix}.${isolation.topicPrefix}segmentation.contact-events`;

  const redis = new Redis(infra.redisUrl, {
    maxRetriesPerRequest: null,
    enableAutoPipelining: false,
  });
  const admin0 = new Client({ connectionString: infra.databaseUrl });
  await admin0.connect();
  const facts = {
    ...(await machineFacts(admin0)),
    loadAverageBefore: os.loadavg(),
    config: CONFIG,
    isolation: isolation.id,
    serviceMain: SERVICE_MAIN,
    sendIntervalMs: SEND_INTERVAL_MS,
  };
  await admin0.end();
  facts.speedProbe = { startMs: (await probeSpeed()).medianMs };
  log(
    `bench:segmentation on ${facts.cores} cores, ${CONFIG.customers.toLocaleString('en')} customers, load ${facts.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );

  const results = { facts, phases: {}, errors: [] };
  let service;
  let sink;
  let load;
  const kafka = new Kafka({
    clientId: 'cip-bench',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    // ---- 1. setup ------------------------------------------------------------------------------
    await createRunTopics(root, infra.kafkaBrokers, isolation.topicPrefix);
    if (CONFIG.membershipMaxMessageBytes > 0) {
      await admin.connect();
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: membershipTopic,
            configEntries: [
              { name: 'max.message.bytes', value: String(CONFIG.membershipMaxMessageBytes) },
            ],
          },
        ],
      });
    }
    results.migrations = await runMigrations(env);
    const client = new Client({
      connectionString: infra.databaseUrl,
      options: `-c search_path=${schema}`,
    });
    await client.connect();
    const { definitions, edited, editedCondition } = benchDefinitions(seg);
    await storeDefinitions(client, definitions);
    results.catalog = {
      active: definitions.length,
      byKind: definitions.reduce((acc, d) => ({ ...acc, [d.kind]: (acc[d.kind] ?? 0) + 1 }), {}),
      edited,
    };
    log(`setup: topics, migrations, ${definitions.length} active definitions`);

    // ---- 2. preload ----------------------------------------------------------------------------
    const p0 = Date.now();
    const nowMs = Date.now();
    const draftCatalog = seg.catalogFromSnapshot(
      await loadCatalogSnapshot(dataSourceShim(client)),
      (e) => {
        throw e;
      },
    );
    const histories = Math.min(CONFIG.histories, CONFIG.customers);
    const simulated = preload.simulateHistories({ histories, spec: draftCatalog.spec, nowMs });
    const tSim = Date.now();
    const cuts = preload.quantileCuts(simulated.features, nowMs);
    for (const [name, { cuts: c, sampled }] of Object.entries(cuts)) {
      await client.query(
        `INSERT INTO quantile_table (name, cuts, population, computed_at) VALUES ($1, $2::jsonb, $3, now())`,
        [name, JSON.stringify(c), Math.round((sampled * CONFIG.customers) / histories)],
      );
    }
    const catalog = seg.catalogFromSnapshot(
      await loadCatalogSnapshot(dataSourceShim(client)),
      (e) => {
        throw e;
      },
    );
    const templates = preload.evaluateHistories(simulated.features, catalog, nowMs);
    const tEval = Date.now();
    const codes = new Map(catalog.active.map((s) => [s.id, s.code]));
    const memBefore = await usedMemory(redis);
    let memAfterHashes = null;
    const redisStats = await preload.writeRedis({
      redis,
      prefix,
      customers: CONFIG.customers,
      templates,
      codes,
      onProgress: (n) => n > 0 && log(`  redis: ${n.toLocaleString('en')} customers`),
    });
    const tRedis = Date.now();
    // Hash-only memory: bitmaps and timers are counted apart below.
    const memAfterAll = await usedMemory(redis);
    await preload.writePostgres({ client, customers: CONFIG.customers, templates });
    const tPg = Date.now();
    const membershipsPerCustomer =
      templates.reduce((n, t) => n + t.memberships.length, 0) / templates.length;
    results.phases.preload = {
      customers: CONFIG.customers,
      distinctHistories: histories,
      historyEvents: simulated.events,
      historyEventsPerCustomer: Math.round((simulated.events / histories) * 10) / 10,
      membershipsPerCustomer: Math.round(membershipsPerCustomer * 10) / 10,
      series: Object.keys(catalog.spec.series).length,
      customersWithTimer: redisStats.timers,
      quantileCuts: Object.fromEntries(Object.entries(cuts).map(([k, v]) => [k, v.cuts])),
      seconds: {
        simulate: (tSim - p0) / 1_000,
        evaluate: (tEval - tSim) / 1_000,
        redisHashes: (redisStats.hashesDone - tEval) / 1_000,
        redisBitmapsAndTimers: (tRedis - redisStats.hashesDone) / 1_000,
        postgres: (tPg - tRedis) / 1_000,
        total: (tPg - p0) / 1_000,
        writeOnly: (tPg - tEval) / 1_000,
      },
    };
    log(
      `preload: ${CONFIG.customers.toLocaleString('en')} customers in ${results.phases.preload.seconds.total.toFixed(1)} s`,
      results.phases.preload.seconds,
    );

    // ---- 3. memory -------------------------------------------------------------------------------
    // Bitmaps and timers measured by key; the hash share is the rest of the used_memory delta.
    const bmKeys = [...codes.values()].map((c) => `${prefix}seg:bm:${c}`);
    const timerKeys = [`${prefix}seg:due`];
    for (let shard = 0; shard <= Math.floor(CONFIG.customers / preload.TIMER_SHARD_SIZE); shard++)
      timerKeys.push(`${prefix}seg:due:${shard}`);
    const mp = redis.pipeline();
    for (const key of [...bmKeys, ...timerKeys]) mp.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    const mr = await mp.exec();
    const usageOf = (i) => Number(mr[i][1] ?? 0);
    const bitmapBytes = bmKeys.reduce((n, _, i) => n + usageOf(i), 0);
    const timerBytes = timerKeys.reduce((n, _, i) => n + usageOf(bmKeys.length + i), 0);
    memAfterHashes = memAfterAll - bitmapBytes - timerBytes;
    results.phases.memory = {
      usedMemoryBefore: memBefore,
      usedMemoryAfter: memAfterAll,
      bytesPerCustomerAll: Math.round((memAfterAll - memBefore) / CONFIG.customers),
      bytesPerCustomerHashes: Math.round((memAfterHashes - memBefore) / CONFIG.customers),
      bitmapBytesPerCustomer: Math.round((bitmapBytes / CONFIG.customers) * 10) / 10,
      timerBytesPerCustomer: Math.round((timerBytes / CONFIG.customers) * 10) / 10,
      hashSample: await sampleHashes(redis, prefix, CONFIG.customers, 2_000),
      // Where a hash's bytes go (field names + values, mean over the distinct histories).
      fieldBytes: fieldBreakdown(templates),
      redisConfig: Object.fromEntries(
        (await redis.config('GET', 'hash-max-listpack-*')).reduce(
          (acc, v, i, a) => (i % 2 === 0 ? [...acc, [v, a[i + 1]]] : acc),
          [],
        ),
      ),
    };
    log('memory:', JSON.stringify(results.phases.memory));
    if (CONFIG.standardMemory) {
      results.phases.memory.standardSet = await measureStandardSet({
        redis,
        seg,
        prefix: `${prefix}std:`,
        customers: CONFIG.customers,
        histories,
        nowMs,
        packDefinitions: definitions.filter((d) => d.pack !== null),
      });
      log('memory, standard feature set:', JSON.stringify(results.phases.memory.standardSet));
    }
    await client.end();

    // ---- 4. service + sink -----------------------------------------------------------------------
    if (CONFIG.membershipMaxMessageBytes <= 0) await admin.connect();
    // The load generator, a process of its own (load-process.js).
    load = await startLoadProcess({
      brokers: infra.kafkaBrokers,
      topic: contactTopic,
      runTag,
      customers: CONFIG.customers,
      mix: CONFIG.mix,
    });
    processRoles.set(load.pid, 'load generator');
    results.facts.eventMix = load.eventMix;
    sink = fork(path.join(__dirname, 'sink.js'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [...QUIET_NODE_ARGS, ...nodeArgs('BENCH_SINK_NODE_ARGS')],
    });
    await request(
      sink,
      {
        cmd: 'start',
        brokers: infra.kafkaBrokers,
        topic: membershipTopic,
        groupId: `${isolation.consumerGroupPrefix}.bench-sink`,
      },
      'ready',
    );
    const profileDir = CONFIG.profile
      ? path.join(root, '.run/profiles', `segbench-${runTag}`)
      : undefined;
    const bootStart = Date.now();
    const main = SERVICE_MAIN === 'bench-wired' ? path.join(__dirname, 'wired-main.js') : undefined;
    service = await startSegmentationInstances({
      count: CONFIG.instances,
      backfillWorker: CONFIG.backfillWorker,
      root,
      env,
      logFile: path.join(root, '.run/logs/bench-segmentation.log'),
      profileDir,
      profileInstance: CONFIG.profileInstance,
      main,
    });
    service.pids.forEach((pid, i) =>
      processRoles.set(pid, i < CONFIG.instances ? 'service' : 'backfill worker'),
    );
    processRoles.set(sink.pid, 'sink');
    results.phases.service = {
      readyAfterS: (Date.now() - bootStart) / 1_000,
      pid: service.pid,
      pids: service.pids,
    };
    log(
      `service ready in ${results.phases.service.readyAfterS} s (pids ${service.pids.join(', ')})`,
    );
    if (service.inspector) await service.inspector.startProfile();
    // Warm-up: consumers joined, JIT warm, catalog loaded.
    const warm = await load.openLoop({ rate: 1_000, durationMs: 5_000, phase: 'W' });
    const warmDrain = await waitForDrain(admin, groupId, contactTopic, 60_000);
    results.phases.warmup = { ...warm, drained: warmDrain.drained };
    log(`warm-up: ${warm.acked} events, drained ${warmDrain.drained}`);
    if (!warmDrain.drained)
      throw new Error(
        `the service did not consume the warm-up events (lag ${warmDrain.lag}); see .run/logs/bench-segmentation.log`,
      );

    // ---- 6. latency: a reference rate the service sustains, then 5,000/s ---------------------
    const latencyPhase = async (rate, durationS, phase) => {
      await sleep(2_000);
      const before = await groupProgress(admin, groupId, contactTopic);
      const run = await phaseCpu(service, () =>
        load.openLoop({ rate, durationMs: durationS * 1_000, phase }),
      );
      const after = await groupProgress(admin, groupId, contactTopic);
      const drain = await waitForDrain(admin, groupId, contactTopic, 60_000);
      await sleep(3_000);
      const report = (await request(sink, { cmd: 'report', phase }, 'report')).report;
      const consumed = after.committed - before.committed;
      return {
        producer: run.result,
        lagAtStart: before.lag,
        drained: drain.drained,
        lagAfter: drain.lag,
        ...report,
        flipShare:
          Math.round((report.eventsWithChange / Math.max(1, run.result.acked)) * 1000) / 1000,
        serviceCpuCores: run.serviceCpuCores,
        // Per event the service consumed (committed) during the phase, not per event offered.
        consumedDuringPhase: consumed,
        serviceCpuMicrosPerEvent:
          consumed > 0 ? Math.round((run.serviceCpuSeconds * 1e6) / consumed) : null,
        cpuStallShare: run.cpuStallShare,
        machineCpu: perEvent(run.machineCpu, consumed),
      };
    };
    if (CONFIG.referenceRate > 0) {
      results.phases.latencyReference = await latencyPhase(
        CONFIG.referenceRate,
        CONFIG.referenceS,
        'Q',
      );
      log('latency (reference rate):', JSON.stringify(results.phases.latencyReference));
    }
    if (CONFIG.primeS > 0) {
      results.phases.latencyPrime = await latencyPhase(CONFIG.latencyRate, CONFIG.primeS, 'P');
      log('latency (priming):', JSON.stringify(results.phases.latencyPrime));
    }
    results.phases.latency = await latencyPhase(CONFIG.latencyRate, CONFIG.latencyS, 'L');
    log('latency:', JSON.stringify(results.phases.latency));

    // ---- 7. re-evaluation under load -----------------------------------------------------------
    results.phases.reevaluation = await reevaluate({
      service,
      sink,
      load,
      edited,
      editedCondition,
      definitions,
      admin,
      groupId,
    });
    log('re-evaluation:', JSON.stringify(results.phases.reevaluation));
    // Whatever the two phases at 5,000/s left behind is drained before the flat-out phase.
    results.phases.reevaluation.drainAfter = await waitForDrain(
      admin,
      groupId,
      contactTopic,
      CONFIG.drainS * 1_000,
    );

    // ---- 5. throughput (last: a backlog it leaves behind cannot distort the other phases) ---------------------------------------------------------------------------
    const samples = [];
    let producing = true;
    const sampler = (async () => {
      while (producing) {
        samples.push(await groupProgress(admin, groupId, contactTopic));
        await sleep(1_000);
      }
    })();
    const tp = await phaseCpu(service, async () => {
      const tStart = Date.now();
      const produced = await load.flatOut({
        total: CONFIG.throughputEvents,
        maxMs: 60_000,
        phase: 'T',
      });
      const tProduced = Date.now();
      producing = false;
      await sampler;
      const drain = await waitForDrain(
        admin,
        groupId,
        contactTopic,
        CONFIG.drainS * 1_000,
        samples,
      );
      return { tStart, tProduced, produced, drain };
    });
    const { tStart, tProduced, produced, drain } = tp.result;
    const startCommitted = samples[0]?.committed ?? 0;
    const consumed = (drain.committed ?? 0) - startCommitted;
    const lastAdvance = [...samples]
      .reverse()
      .find((s, i, arr) => i === arr.length - 1 || s.committed > (arr[i + 1]?.committed ?? -1));
    const endMs = drain.drained ? drain.atMs : samples[samples.length - 1].atMs;
    results.phases.throughput = {
      produced,
      consumedEvents: consumed,
      drained: drain.drained,
      lagAtEnd: drain.lag,
      sustainedEventsPerSecond: Math.round((consumed * 1_000) / (endMs - tStart)),
      whileProducingEventsPerSecond: rate(samples, tStart, tProduced),
      afterProducingEventsPerSecond: rate(samples, tProduced, endMs),
      peak10sEventsPerSecond: peakRate(samples, 10_000),
      seconds: Math.round((endMs - tStart) / 100) / 10,
      serviceCpuCores: tp.serviceCpuCores,
      serviceCpuMicrosPerEvent:
        consumed > 0 ? Math.round((tp.serviceCpuSeconds * 1e6) / consumed) : null,
      cpuStallShare: tp.cpuStallShare,
      machineCpu: perEvent(tp.machineCpu, consumed),
      lastAdvanceAtMs: lastAdvance?.atMs ?? null,
      samples: samples.map((s) => [s.atMs - tStart, s.committed - startCommitted, s.lag]),
    };
    log('throughput:', JSON.stringify({ ...results.phases.throughput, samples: undefined }));

    results.phases.service.cpuSecondsTotal = service.cpuSeconds();
  } catch (error) {
    results.errors.push(String(error?.stack ?? error));
    console.error(error);
  } finally {
    if (service?.inspector && service.alive()) {
      try {
        const file = await service.inspector.stopProfile(
          path.join(root, '.run/profiles', `segbench-${runTag}.cpuprofile`),
        );
        const summaries = require('./profile-summary');
        const allocations = file.replace(/\.cpuprofile$/, '.heapprofile');
        results.profile = {
          file: path.relative(root, file),
          ...summaries.summarise(file),
          allocations: summaries.summariseAllocations(allocations),
        };
      } catch (error) {
        results.errors.push(`profile: ${error.message}`);
      }
    }
    if (service) {
      const stopStarted = Date.now();
      const exitCode = await service.stop();
      results.phases.service = {
        ...results.phases.service,
        exitCode,
        stopSeconds: (Date.now() - stopStarted) / 1_000,
      };
    }
    if (sink) {
      sink.send({ cmd: 'stop' });
      await new Promise((resolve) => sink.once('exit', resolve));
    }
    await load?.close();
    await admin.disconnect().catch(() => undefined);
  }

  // ---- 8. ceilings ---------------------------------------------------------------------------
  try {
    const offsetsAdmin = kafka.admin();
    await offsetsAdmin.connect();
    const total = (await offsetsAdmin.fetchTopicOffsets(contactTopic)).reduce(
      (n, p) => n + Number(p.high),
      0,
    );
    await offsetsAdmin.disconnect();
    if (total === 0) throw new Error('no records were produced');
    log(`ceiling: ConsumerPerformance over ${total.toLocaleString('en')} records`);
    results.kafkaCeiling = await consumerPerf({
      root,
      brokers: infra.kafkaBrokers.join(','),
      topic: contactTopic,
      // Bounded: the first 500,000 records (about 200 MB) are plenty for a rate.
      messages: Math.min(total, 500_000),
      group: `${isolation.consumerGroupPrefix}.perf`,
    });
    log(`  ${results.kafkaCeiling.messagesPerSecond} records/s`);
  } catch (error) {
    results.errors.push(`kafka ceiling: ${error.message}`);
  }
  try {
    log('ceiling: redis-benchmark');
    results.redisCeiling = await redisBenchmark({
      redisUrl: infra.redisUrl,
      key: `${isolation.redisKeyPrefix}cust:{c1}:seg:feat`,
    });
    log('  ', JSON.stringify(results.redisCeiling.results ?? results.redisCeiling));
  } catch (error) {
    results.errors.push(`redis ceiling: ${error.message}`);
  }

  if (!CONFIG.keep)
    await removeRunData({ infra, isolation, log }).catch((e) =>
      results.errors.push(`clean-up: ${e.message}`),
    );
  await redis.quit();

  results.facts.loadAverageAfter = os.loadavg();
  results.facts.speedProbe.endMs = (await probeSpeed()).medianMs;
  results.facts.durationS = Math.round((Date.now() - started) / 1_000);
  const resultsDir = path.join(__dirname, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${facts.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  // BENCH_README=0: an exploratory run (other rates, smaller scale) leaves the table alone.
  if (process.env.BENCH_README !== '0')
    await writeReadmeTable(path.join(__dirname, 'README.md'), results);
  log(
    `results: ${path.relative(root, file)}; table: bench/segmentation/README.md (${results.facts.durationS} s)`,
  );
  if (results.errors.length > 0) process.exitCode = 1;
}

/**
 * A definition edited at runtime (new version with a changed threshold), activated through the
 * API while the 5,000 events/s load keeps flowing; the backfill job is followed to `done`.
 */
async function reevaluate({ service, sink, load, edited, editedCondition, definitions }) {
  const original = definitions.find((d) => d.id === edited);
  const out = { segment: edited };
  const loadDone = load.openLoop({
    rate: CONFIG.latencyRate,
    durationMs: (CONFIG.backfillTimeoutS + 30) * 1_000,
    phase: 'R',
  });
  const cpu0 = service.cpuSeconds();
  try {
    await sleep(2_000);
    await request(sink, { cmd: 'reset-backfill' }, 'ok');
    const body = {
      name: original.name,
      description: `${original.description}, threshold raised`,
      owner: original.owner,
      strategy: original.strategy,
      condition: editedCondition,
    };
    const put = await http(
      service,
      'PUT',
      `/v1/segment-definitions/${encodeURIComponent(edited)}`,
      body,
    );
    out.editStatus = put.status;
    if (put.status >= 300)
      throw new Error(
        `PUT /v1/segment-definitions/${edited} answered ${put.status}: ${JSON.stringify(put.body)}`,
      );
    const version = put.body.version;
    const t0 = Date.now();
    // Where the machine's CPU goes while the job runs (the open-loop ingest included).
    const machine = startMachineCpu(processRoles);
    const act = await http(
      service,
      'POST',
      `/v1/segment-definitions/${encodeURIComponent(edited)}/versions/${version}:activate`,
    );
    out.activateStatus = act.status;
    if (act.status !== 202 || !act.body.job)
      throw new Error(`activate answered ${act.status}: ${JSON.stringify(act.body)}`);
    const jobId = act.body.job.id;
    out.jobId = jobId;
    let job = act.body.job;
    const progress = [];
    while (Date.now() - t0 < CONFIG.backfillTimeoutS * 1_000) {
      await sleep(500);
      const got = await http(service, 'GET', `/v1/backfill-jobs/${jobId}`);
      if (got.status !== 200)
        throw new Error(`GET /v1/backfill-jobs/${jobId} answered ${got.status}`);
      job = got.body;
      progress.push([Date.now() - t0, job.processed, job.changes]);
      if (['done', 'failed', 'cancelled'].includes(job.status)) break;
    }
    out.machineCpu = machine.stop();
    // From the activation request to the job's own finish (Postgres on this machine stamps it),
    // not to the poll that saw it: polls are 500 ms apart and answered by a busy service.
    out.observedSeconds = (Date.now() - t0) / 1_000;
    out.wallSeconds =
      job.status === 'done' && job.finishedAt
        ? (Date.parse(job.finishedAt) - t0) / 1_000
        : out.observedSeconds;
    out.job = job;
    out.done = job.status === 'done';
    if (job.startedAt && job.finishedAt)
      out.jobSeconds = (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1_000;
    out.customersPerSecond = Math.round((job.processed * 1_000) / (Date.now() - t0));
    out.progress = progress.filter((_, i) => i % 4 === 0);
  } catch (error) {
    out.error = error.message;
  } finally {
    load.stopOpenLoop();
    out.load = await loadDone;
    out.serviceCpuCores =
      Math.round(((service.cpuSeconds() - cpu0) / out.load.elapsedS) * 100) / 100;
  }
  await sleep(3_000);
  const report = (await request(sink, { cmd: 'report', phase: 'R' }, 'report')).report;
  out.latencyDuringBackfill = {
    eventsWithChange: report.eventsWithChange,
    latencyMs: report.latencyMs,
  };
  out.backfillMembershipEvents = report.backfill.count;
  return out;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
