#!/usr/bin/env node
// One readiness probe against a Kafka cluster with the same client the services use (kafkajs):
// connects an admin client and exits 0 if the cluster description and topic list answer, every
// partition has a leader, and ListOffsets answers for __consumer_offsets and up to 20 other topics.
// A broker whose port is open but that does not serve its partitions yet fails the probe.
//
//   KAFKA_BROKERS=127.0.0.1:9092 node deploy/local/kafka-ready.js [--timeout-ms 5000] [--quiet]
//
// Exit codes: 0 ready, 1 not ready (reason on stderr unless --quiet). Prints one JSON line on
// success: {"clusterId":"...","controller":1,"brokers":1,"topics":N}.
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const { Kafka, logLevel } = require(require.resolve('kafkajs', { paths: [root] }));

function parseArgs(argv) {
  const args = { timeoutMs: 5000, quiet: false };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--timeout-ms') args.timeoutMs = Number(argv[++i]);
    else if (argv[i] === '--quiet') args.quiet = true;
  }
  return args;
}

// Topics that may vanish between listing and probing (tests delete their own) are not a failure.
const VANISHED = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID']);
const MAX_OFFSET_PROBES = 20;

async function probe(brokers, timeoutMs) {
  const kafka = new Kafka({
    clientId: 'cip-kafka-ready',
    brokers,
    connectionTimeout: Math.min(2000, timeoutMs),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length < 1) throw new Error('describeCluster returned no brokers');
    const topics = await admin.listTopics();
    // After a restart the broker answers metadata requests a moment before it leads its
    // partitions again. Ready means: every partition has a leader, and the broker answers
    // ListOffsets (served by the partition leader) for the offsets topic and a sample of others.
    const { topics: metadata } = await admin.fetchTopicMetadata();
    const leaderless = metadata
      .filter((t) => t.partitions.some((p) => p.leader < 0))
      .map((t) => t.name);
    if (leaderless.length > 0)
      throw new Error(`no leader yet for ${leaderless.slice(0, 5).join(', ')}`);
    const sample = [
      ...topics.filter((t) => t === '__consumer_offsets'),
      ...topics.filter((t) => !t.startsWith('__')).sort(),
    ].slice(0, MAX_OFFSET_PROBES);
    await Promise.all(
      sample.map((topic) =>
        admin.fetchTopicOffsets(topic).catch((error) => {
          if (!VANISHED.has(error.type)) throw new Error(`${topic}: ${error.message}`);
        }),
      ),
    );
    return {
      clusterId: cluster.clusterId,
      controller: cluster.controller,
      brokers: cluster.brokers.length,
      topics: topics.length,
    };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function main() {
  // kafkajs 2.2.4 passes a negative delay to setTimeout (tulios/kafkajs#1751); Node 24 warns.
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning, ...rest) => {
    const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
    if (type !== 'TimeoutNegativeWarning') emitWarning(warning, ...rest);
  };
  const { timeoutMs, quiet } = parseArgs(process.argv.slice(2));
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const timer = setTimeout(() => {
    if (!quiet)
      console.error(`kafka-ready: no answer from ${brokers.join(',')} within ${timeoutMs} ms`);
    process.exit(1);
  }, timeoutMs + 1000);
  try {
    const info = await probe(brokers, timeoutMs);
    clearTimeout(timer);
    console.log(JSON.stringify(info));
    process.exit(0);
  } catch (error) {
    clearTimeout(timer);
    if (!quiet) console.error(`kafka-ready: ${brokers.join(',')} not ready: ${error.message}`);
    process.exit(1);
  }
}

main();
