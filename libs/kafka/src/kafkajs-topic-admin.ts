import { DEFAULT_PARTITIONS } from '@cip/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicAdmin, TopicSpec } from './message-bus';
import { waitForServingLeaders } from './wait-for-serving-leaders';

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
      // broker answers UNKNOWN_TOPIC_OR_PARTITION for a moment after creation (and NOT_LEADER
      // for a while longer), so we wait ourselves.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => this.toConfig(topic)),
      });
      await waitForServingLeaders(admin, names);
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
