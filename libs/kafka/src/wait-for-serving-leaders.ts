import type { Admin } from 'kafkajs';
import { BusUnavailableError } from './bus-unavailable.error';
import { sleep } from './retry-backoff.policy';

/** Long enough for a loaded broker, short enough that a broken one fails the caller clearly. */
const SERVING_LEADERS_WAIT_MS = 15_000;

/**
 * Polls until every partition of every topic has a leader that serves it. Kafka 4 (KRaft) names
 * a new partition's leader in its metadata before that broker has opened the partition; until
 * then produce and ListOffsets answer NOT_LEADER_OR_FOLLOWER (seconds on a busy broker: 96 new
 * topics of 12 partitions had leaders in the metadata after 24 ms and served them after 2.8 s).
 * So both are checked: a topic handed back from here can be produced to and consumed at once.
 * deploy/local/create-topics.js uses this too (from dist).
 */
export async function waitForServingLeaders(
  admin: Pick<Admin, 'fetchTopicMetadata' | 'fetchTopicOffsets'>,
  topics: string[],
  timeoutMs: number = SERVING_LEADERS_WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
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
    `topics have no serving leaders after ${timeoutMs} ms: ${lastProblem}`,
    { details: { topics } },
  );
}
