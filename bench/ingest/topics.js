'use strict';
// The run's own topics: created with the local stack's script, deleted afterwards so the shared
// broker does not accumulate partitions.
const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');

function createRunTopics(root, brokers, prefix) {
  const { createTopics } = require(path.join(root, 'deploy/local/create-topics.js'));
  return createTopics({ prefix, brokers, logger: { warn: () => undefined } });
}

async function deleteRunTopics(brokers, prefix) {
  const kafka = new Kafka({ clientId: 'cip-bench-admin', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}

module.exports = { createRunTopics, deleteRunTopics };
