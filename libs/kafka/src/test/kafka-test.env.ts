import { randomBytes } from 'node:crypto';
import { DEFAULT_COMMIT_INTERVAL_MS } from '@cip/config';
import type { Admin } from 'kafkajs';
import type { KafkaBusConfig } from '../kafka-client.factory';

/** The broker the integration specs use: KAFKA_BROKERS (set by the root globalSetup) or the local one. */
export function testBrokers(): string[] {
  return (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/** A unique prefix per test run: topics and groups never collide, nothing needs cleaning first. */
export function uniquePrefix(label: string): string {
  return `t-${label}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}-`;
}

export function testBusConfig(overrides: Partial<KafkaBusConfig> = {}): KafkaBusConfig {
  return {
    brokers: testBrokers(),
    clientId: 'cip-kafka-int-test',
    topicPrefix: '',
    consumerGroupPrefix: 'cip-test',
    maxHandlerAttempts: 3,
    retryBackoffMs: 50,
    produceTimeoutMs: 5_000,
    commitIntervalMs: DEFAULT_COMMIT_INTERVAL_MS,
    ...overrides,
  };
}

/**
 * Resolves once `predicate` holds, polling; a predicate that throws counts as "not yet". Rejects
 * naming `what` (and the last error) after `timeoutMs`.
 */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await predicate()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Committed offset of a group on one partition (-1 = nothing committed). */
export async function committedOffset(
  admin: Admin,
  groupId: string,
  topic: string,
  partition: number,
): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const offset = entry?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
  return Number(offset);
}

/** Number of records ever written to a topic (sum of high watermarks; nothing is deleted in a test). */
export async function recordCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
}

/** Removes the (stopped) consumer groups a test run created, so the broker does not collect them. */
export async function deleteGroupsWithPrefix(admin: Admin, prefix: string): Promise<void> {
  const { groups } = await admin.listGroups();
  const ours = groups.map((group) => group.groupId).filter((groupId) => groupId.startsWith(prefix));
  if (ours.length > 0) await admin.deleteGroups(ours);
}

/**
 * Runs every clean-up step even when one fails (a skipped disconnect would keep Jest alive), then
 * reports the failures together.
 */
export async function cleanUp(...steps: Array<() => Promise<unknown>>): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} clean-up step(s) failed`);
}
