import type { DataSource } from 'typeorm';
import { PersistenceError } from './persistence-error';
import { withTimeout } from '@cip/async';

export const DEFAULT_DATABASE_HEALTH_TIMEOUT_MS = 1_000;

/** Resolves when Postgres answers `SELECT 1` within the timeout; throws DEPENDENCY_UNAVAILABLE otherwise. */
export async function checkDatabase(
  dataSource: DataSource,
  timeoutMs: number = DEFAULT_DATABASE_HEALTH_TIMEOUT_MS,
): Promise<void> {
  if (!dataSource.isInitialized) {
    throw new PersistenceError(
      'DEPENDENCY_UNAVAILABLE',
      'Postgres data source is not initialized',
      {
        dependency: 'postgres',
      },
    );
  }
  const query = dataSource.query('SELECT 1');
  query.catch(() => undefined); // a late failure after the timeout must not go unhandled
  try {
    await withTimeout(
      query,
      timeoutMs,
      () =>
        new PersistenceError(
          'DEPENDENCY_UNAVAILABLE',
          `Postgres did not answer within ${timeoutMs} ms`,
          {
            dependency: 'postgres',
          },
        ),
    );
  } catch (error) {
    if (error instanceof PersistenceError) throw error;
    throw new PersistenceError(
      'DEPENDENCY_UNAVAILABLE',
      `Postgres check failed: ${(error as Error).message}`,
      { dependency: 'postgres' },
      { cause: error },
    );
  }
}

/** Same shape as service-kit's DependencyCheck, for the readiness endpoint. */
export function databaseDependencyCheck(
  dataSource: DataSource,
  timeoutMs: number = DEFAULT_DATABASE_HEALTH_TIMEOUT_MS,
): { name: string; check(): Promise<void> } {
  return { name: 'postgres', check: () => checkDatabase(dataSource, timeoutMs) };
}
