import { loadServiceConfig, type ServiceConfig, type ServiceName } from '@cip/config';
import { newIsolation, testInfra } from '@cip/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../create-data-source';
import { runMigrations } from '../run-migrations';

export interface MigratedSchema {
  readonly config: ServiceConfig;
  /** Initialized in beforeAll; the schema is dropped and the pool closed in afterAll. */
  readonly dataSource: DataSource;
}

/**
 * For one spec file: a schema of its own (`isolation` names it) with `service`'s migrations run,
 * and a DataSource on it. Registers the jest hooks that set it up and remove it.
 */
export function useMigratedSchema(
  service: ServiceName,
  isolation: string,
  poolSize = 3,
): MigratedSchema {
  const config = loadServiceConfig(service, {
    DATABASE_URL: testInfra().databaseUrl,
    DATABASE_SCHEMA_PREFIX: newIsolation(isolation).schemaPrefix,
    DATABASE_POOL_SIZE: String(poolSize),
  });
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    await runMigrations(service, config);
    dataSource = await createDataSource(service, config).initialize();
  });
  afterAll(async () => {
    if (!dataSource) return;
    await dataSource.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
    await dataSource.destroy();
  });
  return {
    config,
    get dataSource(): DataSource {
      if (!dataSource) throw new Error('useMigratedSchema: the DataSource is set up in beforeAll');
      return dataSource;
    },
  };
}
