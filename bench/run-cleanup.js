'use strict';
// What a benchmark run leaves behind, removed by its isolation prefixes: Redis keys (SCAN +
// UNLINK, never KEYS), Postgres schemas, Kafka topics and consumer groups. Shared by the
// segmentation and lifecycle benchmarks.
const { Client } = require('pg');
const { Kafka, logLevel } = require('kafkajs');
const { deleteRunTopics } = require('./ingest/topics');

/** Returns what was removed; a failed topic deletion is reported through `log`, not thrown. */
async function removeRunData({ infra, isolation, redis, log }) {
  const started = Date.now();
  let cursor = '0';
  let redisKeys = 0;
  do {
    const [next, keys] = await redis.scan(
      cursor,
      'MATCH',
      `${isolation.redisKeyPrefix}*`,
      'COUNT',
      10_000,
    );
    cursor = next;
    if (keys.length > 0) redisKeys += await redis.unlink(...keys);
  } while (cursor !== '0');
  const client = new Client({ connectionString: infra.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`,
      [isolation.schemaPrefix],
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
  await deleteRunTopics(infra.kafkaBrokers, isolation.topicPrefix).catch((e) =>
    log('topic clean-up failed:', e.message),
  );
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
    `clean-up: ${redisKeys} Redis keys, schemas, topics and groups removed in ${((Date.now() - started) / 1_000).toFixed(1)} s`,
  );
  return { redisKeys };
}

module.exports = { removeRunData };
