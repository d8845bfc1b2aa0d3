#!/usr/bin/env node
// Creates the platform's Kafka topics (and their dead-letter topics) idempotently.
//
//   node deploy/local/create-topics.js
//
// Environment:
//   KAFKA_BROKERS                  comma-separated, default 127.0.0.1:9092
//   KAFKA_TOPIC_PREFIX             default '' (tests use their own prefix to isolate a run)
//   KAFKA_TOPIC_PARTITIONS         default DEFAULT_PARTITIONS from @cip/contracts (12)
//   KAFKA_TOPIC_REPLICATION_FACTOR default 1 (single broker)
//
// The topic list comes from the compiled contracts lib (dist/libs/contracts/src/index.js, made by
// `npm run build`): allTopicNames(prefix), COMPACTED_TOPICS. Compacted topics get
// cleanup.policy=compact (their dead-letter topics do not: a DLT is a history of failures).
// Existing topics are left alone; a partition count or cleanup policy that differs from the
// expected one is reported as a warning, never changed.
//
// From code: const { createTopics } = require('<repo>/deploy/local/create-topics.js');
//            await createTopics({ prefix: 'it-123-', brokers: ['127.0.0.1:9092'] });
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const contractsPath = path.join(root, 'dist', 'libs', 'contracts', 'src', 'index.js');

function loadContracts() {
  try {
    return require(contractsPath);
  } catch (error) {
    if (
      error &&
      error.code === 'MODULE_NOT_FOUND' &&
      String(error.message).includes(contractsPath)
    ) {
      throw new Error(
        `${path.relative(root, contractsPath)} not found: run \`npm run build\` first`,
      );
    }
    throw error;
  }
}

/** The wait the services' topic admin uses (libs/kafka), from the same build as the contracts. */
function loadServingLeadersWait() {
  return require(path.join(root, 'dist', 'libs', 'kafka', 'src', 'wait-for-serving-leaders.js'))
    .waitForServingLeaders;
}

function loadKafkajs() {
  return require(require.resolve('kafkajs', { paths: [root, __dirname] }));
}

function positiveInt(value, name) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, got '${value}'`);
  return n;
}

function brokersFromEnv() {
  return (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/**
 * Creates every platform topic for `prefix` that does not exist yet.
 * @param {object} [options]
 * @param {string} [options.prefix] topic prefix (default env KAFKA_TOPIC_PREFIX or '')
 * @param {string[]|string} [options.brokers] default env KAFKA_BROKERS or 127.0.0.1:9092
 * @param {number} [options.partitions] default env KAFKA_TOPIC_PARTITIONS or DEFAULT_PARTITIONS
 * @param {number} [options.replicationFactor] default env KAFKA_TOPIC_REPLICATION_FACTOR or 1
 * @param {string} [options.clientId]
 * @param {{ warn: (msg: string) => void }} [options.logger] default console
 * @param {number} [options.kafkajsLogLevel] kafkajs logLevel, default NOTHING
 * @returns {Promise<{ topics: string[], created: string[], existing: string[], warnings: string[] }>}
 */
async function createTopics(options = {}) {
  const contracts = loadContracts();
  const { Kafka, logLevel } = loadKafkajs();
  const prefix = options.prefix ?? process.env.KAFKA_TOPIC_PREFIX ?? '';
  const brokers = Array.isArray(options.brokers)
    ? options.brokers
    : typeof options.brokers === 'string'
      ? options.brokers.split(',').map((b) => b.trim())
      : brokersFromEnv();
  const partitions = positiveInt(
    options.partitions ?? process.env.KAFKA_TOPIC_PARTITIONS ?? contracts.DEFAULT_PARTITIONS,
    'KAFKA_TOPIC_PARTITIONS',
  );
  const replicationFactor = positiveInt(
    options.replicationFactor ?? process.env.KAFKA_TOPIC_REPLICATION_FACTOR ?? 1,
    'KAFKA_TOPIC_REPLICATION_FACTOR',
  );
  const logger = options.logger ?? console;

  const topics = contracts.allTopicNames(prefix);
  const compacted = new Set(
    [...contracts.COMPACTED_TOPICS].map((base) => contracts.topicName(prefix, base)),
  );
  const specOf = (topic) => ({
    topic,
    numPartitions: partitions,
    replicationFactor,
    configEntries: compacted.has(topic) ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
  });

  const kafka = new Kafka({
    clientId: options.clientId ?? 'cip-create-topics',
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { retries: 5 },
    // Failures surface as the thrown error; kafkajs' own per-request error lines are just noise.
    logLevel: options.kafkajsLogLevel ?? logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const before = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !before.has(t));
    if (missing.length > 0) {
      // One request for all missing topics. kafkajs' own waitForLeaders is not used: against a
      // KRaft broker the metadata of a just-created topic can briefly answer
      // UNKNOWN_TOPIC_OR_PARTITION, which kafkajs does not retry (only LEADER_NOT_AVAILABLE).
      const allNew = await admin.createTopics({
        topics: missing.map(specOf),
        waitForLeaders: false,
        timeout: 30000,
      });
      if (!allNew) {
        // TOPIC_ALREADY_EXISTS for some: another client created them concurrently. kafkajs does not
        // say which, so everything that was not visible before counts as created by this run.
        logger.warn('create-topics: some topics were created concurrently by another client');
      }
      await loadServingLeadersWait()(admin, missing, 30000);
    }
    const created = missing;
    const existing = topics.filter((t) => before.has(t));

    const warnings = [];
    const metadata =
      existing.length > 0 ? await admin.fetchTopicMetadata({ topics: existing }) : { topics: [] };
    for (const { name, partitions: parts } of metadata.topics) {
      if (parts.length !== partitions) {
        warnings.push(
          `${name} has ${parts.length} partitions, expected ${partitions} (left unchanged)`,
        );
      }
    }
    const compactedExisting = existing.filter((t) => compacted.has(t));
    if (compactedExisting.length > 0) {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: compactedExisting.map((name) => ({
          type: 2 /* TOPIC */,
          name,
          configNames: ['cleanup.policy'],
        })),
      });
      for (const resource of resources) {
        const policy = resource.configEntries.find(
          (e) => e.configName === 'cleanup.policy',
        )?.configValue;
        if (!String(policy).split(',').includes('compact')) {
          warnings.push(
            `${resource.resourceName} has cleanup.policy=${policy}, expected compact (left unchanged)`,
          );
        }
      }
    }
    for (const warning of warnings) logger.warn(`create-topics: warning: ${warning}`);
    return { topics, created, existing, warnings };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

module.exports = { createTopics };

// kafkajs 2.2.4 passes a negative delay to setTimeout (tulios/kafkajs#1751); Node 24 warns about it
// on every run. Harmless here (Node clamps it to 1 ms), so the CLI drops that one warning.
function silenceKafkajsTimeoutWarning() {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning, ...rest) => {
    const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
    if (type === 'TimeoutNegativeWarning' || warning?.name === 'TimeoutNegativeWarning') return;
    emitWarning(warning, ...rest);
  };
}

if (require.main === module) {
  silenceKafkajsTimeoutWarning();
  const started = Date.now();
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  createTopics()
    .then(({ topics, created, existing }) => {
      console.log(
        `create-topics: ${created.length} created, ${existing.length} existing, ${topics.length} total ` +
          `(prefix '${prefix}', brokers ${brokersFromEnv().join(',')}, ${Date.now() - started} ms)`,
      );
    })
    .catch((error) => {
      console.error(`create-topics: failed: ${error.message}`);
      process.exit(1);
    });
}
