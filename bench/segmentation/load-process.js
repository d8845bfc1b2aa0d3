'use strict';
// The load generator in a process of its own. In the harness process its collections (a heap of
// ~200 MB after the preload: scavenges of 9-28 ms every ~2.3 s at 5,000 events/s) delayed sends,
// and each delay counted as the service's latency, since latency runs from the intended send
// time. Here the heap holds the producer and the event pool only.
//
// Parent side: `startLoadProcess(...)` forks this file and returns the calls below. Child side
// (this file as the main module): one kafkajs producer and one event stream (same seed, so the
// same events in the same order as when the harness produced them itself), driven over IPC.
const path = require('node:path');
const { fork } = require('node:child_process');
const { request } = require('./ipc');

/**
 * Node flags for the benchmark's own processes (the load generator, the sink). A young generation
 * of at most 2 MB: a scavenge every ~80 ms of at most a few ms, where the default (growing to
 * tens of MB) made one every ~2.6 s of 6-30 ms at 5,000 events/s on a slow host, each one delaying
 * every send or receipt due meanwhile, and counted as the service's latency.
 */
const QUIET_NODE_ARGS = ['--max-semi-space-size=2'];

/** More Node flags for a child from an environment variable (e.g. --trace-gc), space-separated. */
function nodeArgs(variable) {
  return (process.env[variable] ?? '').split(' ').filter(Boolean);
}

/** The share of each event type in the simulator's pool, for the run's facts. */
function mixOf(pool) {
  const counts = {};
  for (const { type } of pool) counts[type] = (counts[type] ?? 0) + 1;
  const shares = Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => [type, Math.round((1_000 * n) / pool.length) / 10]);
  return { mix: 'simulator', poolEvents: pool.length, percentByType: Object.fromEntries(shares) };
}

/**
 * Forks the generator and connects its producer. `options`: brokers, topic, runTag, customers,
 * mix ('simulator' or 'stress'). Resolves with `eventMix` (for the facts), the child's pid, and:
 * `openLoop({ rate, durationMs, phase })` and `flatOut({ total, maxMs, phase })`, each resolving
 * with load.js's figures; `stopOpenLoop()`, which ends the running open loop early; `close()`.
 */
async function startLoadProcess(options) {
  const execArgv = [...QUIET_NODE_ARGS, ...nodeArgs('BENCH_LOAD_NODE_ARGS')];
  const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const { eventMix } = await request(child, { cmd: 'start', ...options }, 'ready');
  return {
    pid: child.pid,
    eventMix,
    openLoop: async (phase) =>
      (await request(child, { cmd: 'open-loop', ...phase }, 'result')).result,
    flatOut: async (phase) =>
      (await request(child, { cmd: 'flat-out', ...phase }, 'result')).result,
    stopOpenLoop: () => child.send({ cmd: 'stop-open-loop' }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ cmd: 'close' });
      await exited;
    },
  };
}

function serve() {
  const root = path.resolve(__dirname, '..', '..');
  const { Kafka, logLevel } = require('kafkajs');
  const busLib = require(path.join(root, 'dist/libs/kafka/src/index.js'));
  // The services' patches, as for every kafkajs client of the benchmark (libs/kafka README).
  busLib.applyKafkajsPatches();
  const preload = require('./preload');
  const { eventFactory, produceOpenLoop, produceFlatOut } = require('./load');

  let producer;
  let generator;
  let stopRequested = false;
  const reply = (message) => process.send(message);

  const handlers = {
    async start({ brokers, topic, runTag, customers, mix }) {
      const kafka = new Kafka({ clientId: 'cip-bench-load', brokers, logLevel: logLevel.NOTHING });
      // The services' partitioner (same partitions as kafkajs' default, less garbage per message).
      producer = kafka.producer({
        allowAutoTopicCreation: false,
        maxInFlightRequests: 8,
        createPartitioner: busLib.KeyHashPartitioner,
      });
      await producer.connect();
      const pool =
        mix === 'simulator' ? preload.simulatedEventPool({ nowMs: Date.now() }) : undefined;
      const makeEvent = eventFactory({
        customers,
        random: preload.mulberry32(4242),
        customerId: preload.customerId,
        pool,
      });
      generator = { producer, topic, runTag, makeEvent };
      reply({ type: 'ready', eventMix: pool ? mixOf(pool) : { mix: 'stress' } });
    },
    async 'open-loop'({ rate, durationMs, phase }) {
      stopRequested = false;
      const result = await produceOpenLoop({
        ...generator,
        rate,
        durationMs,
        phase,
        stopWhen: () => stopRequested,
      });
      reply({ type: 'result', result });
    },
    async 'flat-out'({ total, maxMs, phase }) {
      reply({
        type: 'result',
        result: await produceFlatOut({ ...generator, total, maxMs, phase }),
      });
    },
    async 'stop-open-loop'() {
      stopRequested = true;
    },
    async close() {
      await producer?.disconnect().catch(() => undefined);
      process.exit(0);
    },
  };

  process.on('message', (message) => {
    const handler = handlers[message.cmd];
    if (!handler) return reply({ type: 'error', error: `unknown command ${message.cmd}` });
    handler(message).catch((error) => reply({ type: 'error', error: error.message }));
  });
  // The harness went away without closing: nothing is left producing.
  process.on('disconnect', () => process.exit(0));
}

if (require.main === module) serve();

module.exports = { startLoadProcess, QUIET_NODE_ARGS, nodeArgs };
