import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { PersistenceError } from './persistence-error';

/** The part of node-postgres' Pool that TypeORM's Postgres driver keeps as `master`. */
interface PgPool {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  /** The pool's client class and settings: a connection of its own, made like the pool's. */
  Client: new (options: unknown) => Client;
  options: unknown;
}

/**
 * Runs one statement on the DataSource's own connection pool (node-postgres' `Pool.query`), not
 * through TypeORM's query runner: same pool, connections and search_path, no TypeORM logging or
 * subscribers (none are configured). For hot paths. TypeORM calls pg's `Client.query` in its
 * promise form, which assigns each query's callback as a closure after building it, and V8 then
 * kept every query with its parameters alive past young-generation collections: 80 KB JSON
 * parameters in a loop promoted 44 MB and made 13 full collections in 8 s, against 0.2 MB and
 * none through `Pool.query`, which hands pg its callback up front (bench/segmentation README,
 * seventeenth round). Errors are pg's own (SQLSTATE in `code`), not TypeORM's QueryFailedError.
 */
export async function poolQuery<Row>(
  dataSource: DataSource,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  const result = await poolOf(dataSource).query(sql, [...params]);
  return result.rows as Row[];
}

/** The DataSource's node-postgres pool (same connections and search_path as TypeORM's). */
export function poolOf(dataSource: DataSource): PgPool {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (pool === undefined || typeof pool.query !== 'function') {
    throw new PersistenceError(
      'DEPENDENCY_UNAVAILABLE',
      'the DataSource has no Postgres pool: not initialized, destroyed, or not Postgres',
    );
  }
  return pool;
}
