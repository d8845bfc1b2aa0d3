import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { TestInfra } from './config/test-infra.config';
import type { Isolation } from './isolation';
import { deleteTopics } from './topics';

/**
 * Removes everything one test run left on the shared infrastructure: its topics, its Postgres
 * schemas (one per service) and its Redis keys. Call it once whatever writes to them (apps,
 * services, readers, producers) has stopped. Every step runs even when another fails; the
 * failures are then reported together, so a leftover never goes unnoticed.
 */
export async function removeIsolation(infra: TestInfra, isolation: Isolation): Promise<void> {
  const outcomes = await Promise.allSettled([
    deleteTopics(infra.kafkaBrokers, isolation.topicPrefix),
    dropTestSchemas(infra.databaseUrl, isolation.schemaPrefix),
    deleteTestKeys(infra.redisUrl, isolation.redisKeyPrefix),
  ]);
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  if (failures.length > 0) {
    throw new AggregateError(failures, `clean-up of test run ${isolation.id} left data behind`);
  }
}

/** Drops every schema whose name starts with a test run's prefix (`t_…`). */
export async function dropTestSchemas(databaseUrl: string, prefix: string): Promise<void> {
  if (!prefix.startsWith('t_'))
    throw new Error(`refusing to drop schemas of non-test prefix '${prefix}'`);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A connection that somehow still holds a lock makes this fail instead of hanging the suite.
    await client.query(`SET lock_timeout = '10s'`);
    const { rows } = await client.query<{ name: string }>(
      'SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)',
      [prefix],
    );
    for (const { name } of rows)
      await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(name)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Deletes every key under a test run's prefix (`t:…`) with SCAN + UNLINK, never KEYS. */
export async function deleteTestKeys(redisUrl: string, prefix: string): Promise<void> {
  if (!prefix.startsWith('t:'))
    throw new Error(`refusing to delete keys of non-test prefix '${prefix}'`);
  // Plain ioredis, not @cip/state: the state library's own specs use this kit. No keyPrefix: SCAN
  // returns full names, which UNLINK must get as they are.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectionName: 'cip-test-cleanup',
    maxRetriesPerRequest: 1,
    // A clean-up fails at once rather than waits for a Redis that is gone.
    retryStrategy: () => null,
  });
  // Failures reach the caller through the rejected commands; the events would only repeat them.
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    // Every command has had its reply: nothing is pending that QUIT would wait for.
    redis.disconnect();
  }
}
