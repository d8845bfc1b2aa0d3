import { Kafka, logLevel } from 'kafkajs';
import { testInfra } from './config/test-infra.config';
import { newIsolation } from './isolation';
import { createTopics, deleteTopics } from './topics';

const infra = testInfra();
const isolation = newIsolation('topicsready');

afterAll(async () => {
  await deleteTopics(infra.kafkaBrokers, isolation.topicPrefix);
});

describe('createTopics (deploy/local/create-topics.js) on the real broker', () => {
  // A KRaft broker names a new partition's leader in its metadata before it opens the partition;
  // a produce in between fails with NOT_LEADER_OR_FOLLOWER. With no retries allowed, every write
  // right after createTopics returns must land on its first attempt.
  it('returns only when every partition of every topic takes a write', async () => {
    const created = await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    expect(created.length).toBeGreaterThan(0);

    const kafka = new Kafka({
      clientId: 'topics-ready-probe',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      const admin = kafka.admin();
      await admin.connect();
      const { topics } = await admin.fetchTopicMetadata({ topics: created });
      await admin.disconnect();
      const topicMessages = topics.map(({ name, partitions }) => ({
        topic: name,
        messages: partitions.map(({ partitionId }) => ({
          partition: partitionId,
          key: 'probe', // compacted topics refuse records without a key
          value: 'x',
        })),
      }));
      const written = await producer.sendBatch({ topicMessages, acks: -1 });
      const partitionCount = topics.reduce((sum, t) => sum + t.partitions.length, 0);
      expect(written.filter((r) => r.errorCode === 0)).toHaveLength(partitionCount);
    } finally {
      await producer.disconnect();
    }
  });
});
