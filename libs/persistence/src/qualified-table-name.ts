import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * `"schema"."table"` of an entity, from its metadata: hand-written SQL then lands in the
 * service's schema whatever the session's search_path.
 */
export function qualifiedTableName(
  dataSource: DataSource,
  entity: EntityTarget<ObjectLiteral>,
): string {
  const metadata = dataSource.getMetadata(entity);
  const { driver } = dataSource;
  return metadata.schema
    ? `${driver.escape(metadata.schema)}.${driver.escape(metadata.tableName)}`
    : driver.escape(metadata.tableName);
}

/** TypeORM's pg driver answers UPDATE/DELETE with `[rows, rowCount]`, INSERT/SELECT with `rows`. */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return Array.isArray(result) ? (result as T[]) : [];
}
