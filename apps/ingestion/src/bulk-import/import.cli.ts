#!/usr/bin/env node
import { IMPORT_USAGE, parseImportArgs } from './import-args';
import { importCustomers } from './import-customers';
import { importEvents } from './import-events';

// Imports historical events or customer files through the ingestion API; see IMPORT_USAGE.
async function main(args: readonly string[]): Promise<number> {
  const command = parseImportArgs(args);
  if (command.kind === 'help') {
    process.stdout.write(`${IMPORT_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'error') {
    process.stderr.write(`import: ${command.message}\n${IMPORT_USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  const interactive = process.stderr.isTTY;
  const run = command.kind === 'events' ? importEvents : importCustomers;
  const tally = await run({
    ...command.options,
    onProgress: (line) => process.stderr.write(interactive ? `\r${line}` : `${line}\n`),
  });
  if (interactive) process.stderr.write('\n');
  process.stdout.write(`${tally.summary(Date.now() - started)}\n`);
  if (tally.rejected > 0) {
    process.stdout.write(`rejected rows and why: ${command.options.rejectFile}\n`);
    return 3;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `\nimport stopped: ${error instanceof Error ? error.message : String(error)}\n` +
        'Rerun the same command to continue: events already accepted come back as already imported.\n',
    );
    process.exitCode = 1;
  },
);
