import type { ServiceName } from '@cip/config';
import { MigrationExecutor, type DataSource, type QueryRunner } from 'typeorm';
import { createDataSource, type PersistenceConfig } from './create-data-source';
import { describeError } from './describe-error';
import { PersistenceError } from './persistence-error';
import { redactUrl } from './redact-url';
import { quoteIdentifier } from './schema-identifier';

export interface MigrationRunOptions {
  /** How long to wait for another migrator of the same schema. Default 120 s. */
  lockTimeoutMs?: number;
}

export interface MigrationOutcome {
  service: ServiceName;
  schema: string;
  /** Names of the migrations this call applied (empty: already up to date). */
  applied: string[];
}

export interface RevertOutcome {
  service: ServiceName;
  schema: string;
  reverted: string[];
}

const DEFAULT_LOCK_TIMEOUT_MS = 120_000;

/** One advisory-lock key per schema; hashtextextended gives the bigint pg_advisory_lock takes. */
export function migrationLockName(schema: string): string {
  return `cip:migrations:${schema}`;
}

/**
 * Creates the service's schema if missing and applies pending migrations in one transaction.
 * Idempotent; concurrent callers (several replicas starting at once) serialise on an advisory
 * lock, so the second one finds nothing to do.
 */
export async function runMigrations(
  serviceName: ServiceName,
  config: PersistenceConfig,
  options: MigrationRunOptions = {},
): Promise<MigrationOutcome> {
  return withMigrationLock(serviceName, config, options, async (executor) => {
    const applied = await executor.executePendingMigrations();
    return {
      service: serviceName,
      schema: config.database.schema,
      applied: applied.map((m) => m.name),
    };
  });
}

/** Reverts the last `steps` applied migrations (default: all), each in its own transaction. */
export async function revertMigrations(
  serviceName: ServiceName,
  config: PersistenceConfig,
  options: MigrationRunOptions & { steps?: number } = {},
): Promise<RevertOutcome> {
  return withMigrationLock(serviceName, config, options, async (executor) => {
    const executed = await executor.getExecutedMigrations(); // newest first
    const toRevert = executed.slice(0, options.steps ?? executed.length);
    for (let i = 0; i < toRevert.length; i += 1) await executor.undoLastMigration();
    return {
      service: serviceName,
      schema: config.database.schema,
      reverted: toRevert.map((m) => m.name),
    };
  });
}

async function withMigrationLock<T>(
  serviceName: ServiceName,
  config: PersistenceConfig,
  options: MigrationRunOptions,
  work: (executor: MigrationExecutor) => Promise<T>,
): Promise<T> {
  const schema = config.database.schema;
  // Two connections at most: the locked session does all the work; the spare covers TypeORM's
  // own bookkeeping so the pool can never deadlock on itself.
  const dataSource = createDataSource(serviceName, config, {
    poolSize: 2,
    applicationName: `cip-migrate-${serviceName}`,
  });
  await initializeOrExplain(dataSource, config);
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await acquireLock(queryRunner, schema, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
    try {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'all';
      return await work(executor);
    } catch (error) {
      if (error instanceof PersistenceError) throw error;
      throw new PersistenceError(
        'MIGRATION_FAILED',
        `Migrations of ${serviceName} (schema ${schema}) failed: ${describeError(error)}`,
        { service: serviceName, schema },
        { cause: error },
      );
    } finally {
      await queryRunner
        .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [migrationLockName(schema)])
        .catch(() => undefined); // the lock dies with the session anyway
    }
  } finally {
    await queryRunner.release();
    await dataSource.destroy();
  }
}

async function acquireLock(
  queryRunner: QueryRunner,
  schema: string,
  timeoutMs: number,
): Promise<void> {
  // lock_timeout bounds the wait for the advisory lock only; reset before any DDL runs.
  await queryRunner.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await queryRunner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [
      migrationLockName(schema),
    ]);
  } catch (error) {
    throw new PersistenceError(
      'MIGRATION_FAILED',
      `Another migrator held the lock of schema ${schema} for more than ${timeoutMs} ms`,
      { schema },
      { cause: error },
    );
  } finally {
    await queryRunner.query('RESET lock_timeout');
  }
}

async function initializeOrExplain(
  dataSource: DataSource,
  config: PersistenceConfig,
): Promise<void> {
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new PersistenceError(
      'DEPENDENCY_UNAVAILABLE',
      `Cannot connect to Postgres at ${redactUrl(config.database.url)}: ${describeError(error)}`,
      { dependency: 'postgres' },
      { cause: error },
    );
  }
}
