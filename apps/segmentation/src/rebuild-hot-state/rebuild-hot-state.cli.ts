#!/usr/bin/env node
import { loadServiceConfig } from '@cip/config';
import { createDataSource } from '@cip/persistence';
import { catalogFromSnapshot } from '@cip/segmentation-domain';
import { closeRedisClient, createRedisClient } from '@cip/state';
import { RedisSegmentStateStore } from '../infrastructure/redis-segment-state.store';
import { loadCatalogSnapshot } from '../segment-catalog/postgres-catalog-snapshot';
import { rebuildHotState } from './rebuild-hot-state';

// Restores segmentation's Redis state from Postgres (after Redis lost its data).
async function main(): Promise<number> {
  const config = loadServiceConfig('segmentation');
  const dataSource = await createDataSource('segmentation', config).initialize();
  const redis = createRedisClient(config.redis);
  try {
    const catalog = catalogFromSnapshot(await loadCatalogSnapshot(dataSource), (error) => {
      process.stderr.write(`skipping an invalid definition: ${String(error)}\n`);
    });
    const store = new RedisSegmentStateStore(redis, config.redis.keyPrefix);
    const report = await rebuildHotState({ dataSource, store, catalog });
    process.stdout.write(
      `read ${report.read} snapshots: restored ${report.restored}, already present ${report.kept}\n`,
    );
    return 0;
  } finally {
    await closeRedisClient(redis);
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `segmentation rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
