import { PlatformError } from '@cip/contracts';

/**
 * Codes: `DEPENDENCY_UNAVAILABLE` (Postgres unreachable or too slow; the edge maps it to 503),
 * `INVALID_SCHEMA_NAME`, `CONFIG_MISMATCH`, `MIGRATION_FAILED`, `INVALID_INPUT`.
 */
export class PersistenceError extends PlatformError {}
