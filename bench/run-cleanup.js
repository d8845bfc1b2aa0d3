'use strict';
// What a benchmark run leaves behind, removed by its isolation prefixes: the test kit's
// removeIsolation (topics, Postgres schemas, Redis keys), then the run's consumer groups, which
// the kit leaves to the broker. Shared by the ingestion, segmentation and lifecycle benchmarks.
const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');

const testing = require(path.join(__dirname, '..', 'dist/libs/testing/src/index.js'));

async function removeRunData({ infra, isolation, log }) {
  const started = Date.now();
  await testing.removeIsolation(infra, isolation);
  const kafka = new Kafka({
    clientId: 'cip-bench-admin',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const mine = groups.map((g) => g.groupId).filter((g) => g.includes(isolation.id));
    if (mine.length > 0) await admin.deleteGroups(mine).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  log(
    `clean-up: Redis keys, schemas, topics and groups removed in ${((Date.now() - started) / 1_000).toFixed(1)} s`,
  );
}

module.exports = { removeRunData };
