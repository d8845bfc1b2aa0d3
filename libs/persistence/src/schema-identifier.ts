import { PersistenceError } from './persistence-error';

// Lower-case, unquoted-safe identifiers only: the schema also goes into `-c search_path=...`,
// where quoting rules differ from SQL, so we refuse anything that would need quoting.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new PersistenceError(
      'INVALID_SCHEMA_NAME',
      `Schema name "${schema}" must match ${SCHEMA_NAME.source} (start with a letter or _, max 63 chars)`,
    );
  }
  return schema;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
