import { DEFAULT_PARTITIONS } from '@cip/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';
import { BusUnavailableError } from './bus-unavailable.error';
import { sleep } from './retry-backoff.policy';
import type { TopicAdmin, TopicSpec } from './message-bus';

/**
 * Creates and deletes topics (tests, local stack, migrations of topic layout). Connects an admin
 * per call: these are rare operations, and no idle connection is left behind.
 */
export class KafkajsTopicAdmin implements TopicAdmin {
  constructor(private readonly createAdmin: () => Admin) {}

  async ensureTopics(topics: readonly TopicSpec[]): Promise<string[]> {
    return this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic.name));
      if (missing.length === 0) return [];
      const names = missing.map((topic) => topic.name);
      // false = another caller created them meanwhile (TOPIC_ALREADY_EXISTS); that is fine too.
      // kafkajs' own waitForLeaders retries only LEADER_NOT_AVAILABLE, but a Kafka 4 (KRaft)
      // broker answers UNKNOWN_TOPIC_OR_PARTITION for a moment after creation, so we wait ourselves.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => this.toConfig(topic)),
      });
      await waitForLeaders(admin, names);
      return names;
    });
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const present = names.filter((name) => existing.has(name));
      if (present.length > 0) await admin.deleteTopics({ topics: present });
    });
  }

  private toConfig(topic: TopicSpec): ITopicConfig {
    return {
      topic: topic.name,
      numPartitions: topic.partitions ?? DEFAULT_PARTITIONS,
      // -1 (kafkajs' default) lets the broker apply default.replication.factor.
      ...(topic.replicationFactor !== undefined
        ? { replicationFactor: topic.replicationFactor }
        : {}),
      ...(topic.compacted ? { configEntries: [{ name: 'cleanup.policy', value: 'compact' }] } : {}),
    };
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.createAdmin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}

/** Long enough for a loaded broker, short enough that a broken one fails the caller clearly. */
const LEADER_WAIT_MS = 15_000;

/**
 * Polls until every partition of every topic has a leader that serves it. Kafka 4 (KRaft) reports
 * a leader in metadata a moment before that leader answers ListOffsets (NOT_LEADER meanwhile), so
 * both are checked: a topic handed back from here can be produced to and consumed at once.
 */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  let lastProblem = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.topics.filter(
        (topic) =>
          topic.partitions.length === 0 ||
          topic.partitions.some((p) => p.leader < 0 || p.partitionErrorCode !== 0),
      );
      if (metadata.topics.length === topics.length && leaderless.length === 0) {
        await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)));
        return;
      }
      lastProblem = `no leader yet for ${leaderless.map((topic) => topic.name).join(', ') || 'some topics'}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new BusUnavailableError(
    `topics have no leaders after ${LEADER_WAIT_MS} ms: ${lastProblem}`,
    { details: { topics } },
  );
}
