#!/usr/bin/env node
// Round trip against the local broker with the platform's client (kafkajs 2.2.4):
//   1. an idempotent producer (acks -1) writes N keyed records to a fresh 12-partition topic,
//   2. a consumer group (eachBatch, manual resolveOffset, as the services do) reads them back,
//   3. checks: every record exactly once, per-key order kept, offsets committed for the group,
//   4. a transactional producer commits one batch and aborts another; a read_committed consumer
//      sees only the committed one (proves the transaction coordinator works with RF 1),
//   5. deletes its topics.
//
//   KAFKA_BROKERS=127.0.0.1:9092 node deploy/local/kafka-smoke.js [count]
'use strict';
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const root = path.resolve(__dirname, '..', '..');
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
const { Kafka, logLevel } = require(require.resolve('kafkajs', { paths: [root] }));

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((b) => b.trim());
const count = Number(process.argv[2] || 1000);
const run = `smoke-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
const kafka = new Kafka({ clientId: run, brokers, logLevel: logLevel.WARN });

function waitFor(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

async function idempotentRoundTrip(admin) {
  const topic = `${run}.events`;
  const groupId = `${run}.group`;
  await admin.createTopics({
    topics: [{ topic, numPartitions: 12, replicationFactor: 1 }],
    waitForLeaders: true,
  });

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const t0 = Date.now();
  const messages = Array.from({ length: count }, (_, i) => ({
    key: `cust-${i % 97}`,
    value: JSON.stringify({ seq: i, customer: `cust-${i % 97}` }),
  }));
  for (let i = 0; i < messages.length; i += 100) {
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 100) });
  }
  const produceMs = Date.now() - t0;
  await producer.disconnect();

  const seen = new Map(); // seq -> times seen
  const lastSeqPerKey = new Map();
  let orderViolations = 0;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const t1 = Date.now();
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        const { seq } = JSON.parse(message.value.toString());
        seen.set(seq, (seen.get(seq) || 0) + 1);
        const key = message.key.toString();
        if ((lastSeqPerKey.get(key) ?? -1) > seq) orderViolations += 1;
        lastSeqPerKey.set(key, seq);
        resolveOffset(message.offset);
        await heartbeat();
      }
    },
  });
  await waitFor(() => seen.size >= count, 60000, `${count} records`);
  const consumeMs = Date.now() - t1;
  await consumer.commitOffsets([]).catch(() => undefined);
  await consumer.disconnect(); // commits resolved offsets on the way out

  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = offsets[0].partitions.reduce(
    (sum, p) => sum + Math.max(0, Number(p.offset)),
    0,
  );
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  const missing = count - seen.size;
  return {
    topic,
    produceMs,
    consumeMs,
    received: seen.size,
    duplicates,
    missing,
    orderViolations,
    committed,
  };
}

async function transactionRoundTrip(admin) {
  const topic = `${run}.tx`;
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  const producer = kafka.producer({
    transactionalId: `${run}.txid`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const committedTx = await producer.transaction();
  await committedTx.send({
    topic,
    acks: -1,
    messages: [
      { key: 'a', value: 'committed-1' },
      { key: 'b', value: 'committed-2' },
    ],
  });
  await committedTx.commit();
  const abortedTx = await producer.transaction();
  await abortedTx.send({ topic, acks: -1, messages: [{ key: 'a', value: 'aborted-1' }] });
  await abortedTx.abort();
  await producer.disconnect();

  const values = [];
  const consumer = kafka.consumer({ groupId: `${run}.txgroup`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => void values.push(message.value.toString()),
  });
  await waitFor(() => values.length >= 2, 30000, 'committed transactional records');
  await new Promise((r) => setTimeout(r, 1000)); // give an aborted record the chance to show up
  await consumer.disconnect();
  return { topic, values: values.sort() };
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  const topics = [];
  try {
    const plain = await idempotentRoundTrip(admin);
    topics.push(plain.topic);
    console.log('idempotent producer + consumer group:', JSON.stringify(plain));
    const tx = await transactionRoundTrip(admin);
    topics.push(tx.topic);
    console.log('transactional producer + read_committed consumer:', JSON.stringify(tx));
    const ok =
      plain.missing === 0 &&
      plain.duplicates === 0 &&
      plain.orderViolations === 0 &&
      plain.committed === count &&
      tx.values.join(',') === 'committed-1,committed-2';
    console.log(ok ? 'SMOKE OK' : 'SMOKE FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    const existing = await admin.listTopics();
    const mine = existing.filter((t) => t.startsWith(run));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((error) => {
  console.error('SMOKE FAILED:', error);
  process.exit(1);
});
