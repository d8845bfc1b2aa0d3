#!/usr/bin/env node
import { loadServiceConfig } from '@cip/config';
import { PlatformError } from '@cip/contracts';
import { describeOutcome, MIGRATE_USAGE, parseMigrateArgs } from './migrate-args';
import { runMigrations } from './run-migrations';

// Runs pending migrations for the named services (default: all), one line per service.
async function main(args: readonly string[]): Promise<number> {
  const command = parseMigrateArgs(args);
  if (command.kind === 'help') {
    process.stdout.write(`${MIGRATE_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'error') {
    process.stderr.write(`migrate: ${command.message}\n${MIGRATE_USAGE}\n`);
    return 2;
  }
  for (const service of command.services) {
    const outcome = await runMigrations(service, loadServiceConfig(service));
    process.stdout.write(`${describeOutcome(outcome)}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = error instanceof PlatformError ? ` [${error.code}]` : '';
    process.stderr.write(
      `migrate failed${code}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
