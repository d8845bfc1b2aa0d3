import type { ServiceName } from '@cip/config';
import { PERSISTENT_SERVICES, isPersistentService } from './service-persistence.registry';

export type MigrateCommand =
  { kind: 'help' } | { kind: 'run'; services: ServiceName[] } | { kind: 'error'; message: string };

export const MIGRATE_USAGE = `usage: migrate [${PERSISTENT_SERVICES.join('|')} ...]
  Applies pending migrations to each named service's schema (all services when none is named).
  Reads DATABASE_URL and DATABASE_SCHEMA_PREFIX (schema = prefix + service name).`;

/** Service names in the order given, without duplicates; no names means every service. */
export function parseMigrateArgs(args: readonly string[]): MigrateCommand {
  if (args.some((arg) => arg === '-h' || arg === '--help')) return { kind: 'help' };
  const unknown = args.filter((arg) => !isPersistentService(arg));
  if (unknown.length > 0) {
    return {
      kind: 'error',
      message: `unknown service(s): ${unknown.join(', ')}; expected ${PERSISTENT_SERVICES.join(', ')}`,
    };
  }
  const services = [...new Set(args)] as ServiceName[];
  return { kind: 'run', services: services.length > 0 ? services : [...PERSISTENT_SERVICES] };
}

export function describeOutcome(outcome: {
  service: string;
  schema: string;
  applied: readonly string[];
}): string {
  const what =
    outcome.applied.length === 0
      ? 'up to date'
      : `applied ${outcome.applied.length} migration${outcome.applied.length === 1 ? '' : 's'} (${outcome.applied.join(', ')})`;
  return `${outcome.service} [schema ${outcome.schema}]: ${what}`;
}
