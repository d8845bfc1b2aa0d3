import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { REPO_ROOT } from './config/test-infra.config';

interface CreateTopicsScript {
  createTopics(options: {
    prefix: string;
    brokers: string[];
    logger?: { warn: (message: string) => void };
  }): Promise<{ created: string[] }>;
}

/**
 * Creates the platform's topics under a test prefix with the same code the local stack uses
 * (deploy/local/create-topics.js), which returns once every partition takes writes (on KRaft a
 * leader in the metadata is not enough).
 */
export async function createTopics(brokers: string[], prefix: string): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const script = require(
    join(REPO_ROOT, 'deploy', 'local', 'create-topics.js'),
  ) as CreateTopicsScript;
  const result = await script.createTopics({ prefix, brokers, logger: { warn: () => undefined } });
  return result.created;
}

/** Deletes a test run's topics so the shared broker does not accumulate partitions. */
export async function deleteTopics(brokers: string[], prefix: string): Promise<void> {
  if (!prefix.startsWith('t-'))
    throw new Error(`refusing to delete topics of non-test prefix '${prefix}'`);
  const kafka = new Kafka({ clientId: 'cip-test-admin', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
