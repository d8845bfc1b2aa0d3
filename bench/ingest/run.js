'use strict';
// `npm run bench:ingest`: builds, brings the local stack up, then measures the ingestion API over
// loopback with open-loop load next to Kafka's own producer ceiling, and writes
// bench/ingest/results/<time>.json and the table in bench/ingest/README.md. About 3 minutes.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execSync } = require('node:child_process');
const { Client } = require('pg');
const { runOpenLoop } = require('./open-loop');
const { runProducerPerf } = require('./producer-perf');
const { startIngestion } = require('./service');
const { writeReadmeTable } = require('./report');
const { createRunTopics } = require('./topics');
const { removeRunData } = require('../run-cleanup');

const root = path.resolve(__dirname, '..', '..');
// Built by `npm run build` first: the same isolation and env contract the tests use.
const testing = require(path.join(root, 'dist/libs/testing/src/index.js'));

const STEP_MS = 8_000;
const PAUSE_MS = 1_500;
/** A rate counts as sustained below 1% errors and with p99 under this (no growing queue). */
const SUSTAINED_P99_MS = 500;
const SINGLE_STEPS = [1_000, 1_500, 3_000, 4_000, 6_000, 8_000, 10_000, 12_000];
const BATCH_STEPS = {
  100: [50, 100, 150, 200, 300, 400],
  1000: [5, 10, 15, 20, 30, 40],
};

const runId = `${Date.now().toString(36)}`;
/**
 * Returning customers, registered before the timed steps: most callers name known customers, whose
 * identity resolution is a cache hit. (A first-seen customer costs a Postgres transaction.)
 */
const CUSTOMERS = 2_000;
let sequence = 0;
/** A valid complaint.escalated event of about 400 bytes with a unique id. */
function eventJson() {
  sequence += 1;
  const customer = `bench-cust-${runId}-${sequence % CUSTOMERS}`;
  return (
    `{"eventId":"bench-${runId}-${sequence}","type":"complaint.escalated","version":1,` +
    `"occurredAt":"${new Date(Date.now() - 60_000).toISOString()}","customerId":"${customer}",` +
    `"source":"call-center","correlationId":"corr-${runId}-${sequence}",` +
    `"payload":{"complaintId":"cmp-${sequence}","level":"supervisor",` +
    `"reason":"Second call about the same roaming charge; the customer asks for a refund and threatens to leave."}}`
  );
}
const batchJson = (size) => `{"events":[${Array.from({ length: size }, eventJson).join(',')}]}`;

function acceptedInBatch(status, text) {
  if (status !== 207) return 0;
  const { results } = JSON.parse(text);
  return results.filter((r) => r.status === 'accepted').length;
}

/** One event per customer, in sequential batches: every customer is known before the timed steps. */
async function registerCustomers(service) {
  const started = Date.now();
  for (let done = 0; done < CUSTOMERS; done += 100) {
    const response = await fetch(`${service.origin}/v1/events:batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: batchJson(Math.min(100, CUSTOMERS - done)),
    });
    if (response.status !== 207) throw new Error(`registering customers: ${response.status}`);
  }
  console.log(
    `  ${CUSTOMERS} customers registered in ${((Date.now() - started) / 1_000).toFixed(1)} s`,
  );
}

const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));

/**
 * Microseconds so far that some runnable task waited for a CPU (Linux pressure stall information),
 * the best sign of a machine too busy for the figures to mean much; undefined where unavailable.
 */
function cpuStallMicros() {
  try {
    return Number(/^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}

async function measure(service, label, options) {
  const cpuBefore = service.cpuSeconds();
  const stallBefore = cpuStallMicros();
  const result = await runOpenLoop({ origin: service.origin, ...options });
  const cpu = service.cpuSeconds() - cpuBefore;
  const stall = cpuStallMicros() - stallBefore;
  const summary = {
    label,
    ...result,
    serviceCpuCores: Math.round((cpu / result.elapsedS) * 100) / 100,
    // CPU the service spent per accepted event: what a request costs, whatever else ran meanwhile.
    serviceCpuMicrosPerEvent:
      result.eventsAccepted > 0 ? Math.round((cpu * 1e6) / result.eventsAccepted) : null,
    cpuStallShare: Number.isFinite(stall) ? Math.round(stall / 1e4 / result.elapsedS) / 100 : null,
  };
  const { p50, p99 } = result.latencyMs;
  console.log(
    `  ${label}: offered ${result.offeredRate}/s, ok ${result.achievedRate}/s, ` +
      `${result.eventsPerSecond} events/s, errors ${(result.errorRate * 100).toFixed(2)}%, ` +
      `p50 ${p50} ms, p99 ${p99} ms, service CPU ${summary.serviceCpuCores} cores ` +
      `(${summary.serviceCpuMicrosPerEvent} µs/event), CPU stall ${summary.cpuStallShare}`,
  );
  await pause();
  return summary;
}

const sustained = (step) =>
  step.errorRate < 0.01 && step.latencyMs.p99 !== null && step.latencyMs.p99 <= SUSTAINED_P99_MS;

/** Steps the rate up until a step is not sustained; returns every step measured. */
async function stepUp(service, label, rates, options) {
  const steps = [];
  for (const rate of rates) {
    const step = await measure(service, `${label} @ ${rate}/s`, { ...options, rate });
    steps.push(step);
    if (!sustained(step)) break;
  }
  return steps;
}

function best(steps, metric) {
  const good = steps.filter(sustained);
  return good.length === 0 ? null : good.reduce((a, b) => (b[metric] > a[metric] ? b : a));
}

/** Output of a git command, or undefined outside a checkout. */
function git(args) {
  try {
    return execSync(`git ${args}`, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

async function machineFacts(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query('SHOW server_version');
  await client.end();
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

async function main() {
  const started = Date.now();
  const infra = testing.testInfra();
  const isolation = testing.newIsolation('bench');
  const env = testing.serviceEnv(infra, isolation, {
    LOG_LEVEL: 'warn',
    API_KEYS_REQUIRED: 'false',
  });
  const facts = { ...(await machineFacts(infra.databaseUrl)), loadAverageBefore: os.loadavg() };
  console.log(
    `bench:ingest on ${facts.cores} cores, load average ${facts.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );

  await createRunTopics(root, infra.kafkaBrokers, isolation.topicPrefix);
  const topic = `${isolation.topicPrefix}contact-events`;
  const service = await startIngestion({
    root,
    env,
    logFile: path.join(root, '.run/logs/bench-ingestion.log'),
  });
  const results = { facts, scenarios: {} };
  try {
    const probe = await fetch(`${service.origin}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: eventJson(),
    });
    if (probe.status !== 202)
      throw new Error(`probe event refused: ${probe.status} ${await probe.text()}`);

    console.log('Kafka ceiling (ProducerPerformance, acks=all, 400-byte records)');
    results.kafkaCeiling = await runProducerPerf({
      root,
      brokers: infra.kafkaBrokers.join(','),
      topic,
      records: 500_000,
      recordSize: 400,
      timeoutMs: 90_000,
    });
    console.log(
      `  ${results.kafkaCeiling.recordsPerSecond} records/s, p99 ${results.kafkaCeiling.latencyMs.p99} ms`,
    );

    console.log('POST /v1/events');
    const single = { path: '/v1/events', body: eventJson, connections: 128, durationMs: STEP_MS };
    await registerCustomers(service);
    await measure(service, 'warm-up', { ...single, rate: 1_000, durationMs: 5_000 });
    results.scenarios.singleAt2000 = await measure(service, 'single @ 2000/s', {
      ...single,
      rate: 2_000,
      durationMs: 10_000,
    });
    results.scenarios.singleSteps = await stepUp(service, 'single', SINGLE_STEPS, single);

    for (const size of [100, 1000]) {
      console.log(`POST /v1/events:batch, ${size} events each`);
      results.scenarios[`batch${size}Steps`] = await stepUp(
        service,
        `batch ${size}`,
        BATCH_STEPS[size],
        {
          path: '/v1/events:batch',
          body: () => batchJson(size),
          eventsAccepted: acceptedInBatch,
          connections: 32,
          durationMs: STEP_MS,
        },
      );
    }
  } finally {
    await service.stop();
    // Topics, schema and the identity cache's Redis keys (2,000 a run were left behind before).
    await removeRunData({ infra, isolation, log: console.log });
  }

  results.facts.loadAverageAfter = os.loadavg();
  results.facts.durationS = Math.round((Date.now() - started) / 1_000);
  results.summary = summarise(results);
  const resultsDir = path.join(__dirname, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${facts.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  await writeReadmeTable(path.join(root, 'bench/ingest/README.md'), results);
  console.log(
    `results: ${path.relative(root, file)}; table: bench/ingest/README.md (${results.facts.durationS} s)`,
  );
}

function summarise({ scenarios, kafkaCeiling }) {
  const ceiling = kafkaCeiling.recordsPerSecond;
  const single = best(scenarios.singleSteps.concat([scenarios.singleAt2000]), 'achievedRate');
  const batch = best(scenarios.batch100Steps.concat(scenarios.batch1000Steps), 'eventsPerSecond');
  const all = [scenarios.singleAt2000, ...scenarios.singleSteps];
  const batches = [...scenarios.batch100Steps, ...scenarios.batch1000Steps];
  return {
    // Highest rates seen at all, sustained or not: what the service did when it fell behind.
    bestSingleRequestsPerSecond: Math.max(...all.map((s) => s.achievedRate)),
    bestBatchEventsPerSecond: Math.max(...batches.map((s) => s.eventsPerSecond)),
    kafkaRecordsPerSecond: ceiling,
    maxSustainedSingleRequestsPerSecond: single?.achievedRate ?? 0,
    singleP99At2000Ms: scenarios.singleAt2000.latencyMs.p99,
    singleErrorRateAt2000: scenarios.singleAt2000.errorRate,
    maxSustainedBatchEventsPerSecond: batch?.eventsPerSecond ?? 0,
    bestBatchScenario: batch?.label ?? null,
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
