import { loadServiceConfig } from '@cip/config';
import { createDataSource, NotificationListener, runMigrations } from '@cip/persistence';
import type { Logger } from '@cip/telemetry';
import { newIsolation, testInfra } from '@cip/testing';
import type { DataSource } from 'typeorm';
import { BACKFILL_JOB_QUEUED_CHANNEL, PostgresBackfillJobs } from './postgres-backfill-jobs';

const infra = testInfra();
const isolation = newIsolation('bfjobs');
const config = loadServiceConfig('segmentation', {
  DATABASE_URL: infra.databaseUrl,
  DATABASE_SCHEMA_PREFIX: isolation.schemaPrefix,
  DATABASE_POOL_SIZE: '4',
});
const logger = { warn: () => undefined } as unknown as Logger;
const SETTLE_MS = 1_000;

let dataSource: DataSource;
let jobs: PostgresBackfillJobs;

beforeAll(async () => {
  await runMigrations('segmentation', config);
  dataSource = await createDataSource('segmentation', config).initialize();
  jobs = new PostgresBackfillJobs(dataSource);
});

afterAll(async () => {
  await dataSource.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
  await dataSource.destroy();
});

function enqueue(scope: string) {
  return dataSource.transaction((manager) =>
    jobs.enqueue(manager, {
      scope,
      segmentId: null,
      version: null,
      kind: 'activate',
      createdBy: 'spec',
    }),
  );
}

describe('PostgresBackfillJobs', () => {
  it('announces a queued job to listeners of its schema when the transaction commits', async () => {
    let heard = 0;
    const listener = new NotificationListener(dataSource, {
      channel: BACKFILL_JOB_QUEUED_CHANNEL,
      onNotify: () => heard++,
      logger,
    });
    await listener.start();
    try {
      const connected = heard;
      await expect(
        dataSource.transaction(async (manager) => {
          await jobs.enqueue(manager, {
            scope: 'rolled-back',
            segmentId: null,
            version: null,
            kind: 'activate',
            createdBy: 'spec',
          });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await enqueue('announced');
      const deadline = Date.now() + 5_000;
      while (heard === connected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard - connected).toBe(1);
    } finally {
      await listener.close();
      await dataSource.query(`DELETE FROM backfill_job`);
    }
  });

  it('tells how long until the next open job can be claimed: settling, retrying, none', async () => {
    expect(await jobs.nextClaimableInMs(SETTLE_MS)).toBeUndefined();
    await enqueue('settling');
    const settling = await jobs.nextClaimableInMs(SETTLE_MS);
    expect(settling).toBeGreaterThan(SETTLE_MS - 500);
    expect(settling).toBeLessThanOrEqual(SETTLE_MS);
    expect(await jobs.claimNext(30_000, SETTLE_MS)).toBeUndefined();
    // Claimable now without the settling time; taken, it waits for its lease.
    expect(await jobs.nextClaimableInMs(0)).toBe(0);
    const claimed = await jobs.claimNext(30_000, 0);
    expect(claimed?.job.scope).toBe('settling');
    expect(await jobs.nextClaimableInMs(0)).toBeGreaterThan(25_000);
    await jobs.release(claimed!, 'page failed', { retryInMs: 2_000 });
    const retrying = await jobs.nextClaimableInMs(0);
    expect(retrying).toBeGreaterThan(1_000);
    expect(retrying).toBeLessThanOrEqual(2_000);
    await jobs.release(claimed!, 'gave up', 'fail');
    expect(await jobs.nextClaimableInMs(0)).toBeUndefined();
  });
});
