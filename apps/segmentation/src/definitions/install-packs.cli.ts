#!/usr/bin/env node
import { loadServiceConfig } from '@cip/config';
import { createDataSource } from '@cip/persistence';
import { PostgresBackfillJobs } from '../backfill/postgres-backfill-jobs';
import { INSTALL_PACKS_USAGE, parseInstallPacksArgs } from './install-packs-args';
import { InstallModelPacksUseCase } from './install-model-packs.use-case';
import { PostgresSegmentDefinitionsStore } from './postgres-segment-definitions.store';

// Installs model packs into the segmentation schema (migrated); a running segmentation instance
// picks up the backfill job that an activation queues.
async function main(args: readonly string[]): Promise<number> {
  const command = parseInstallPacksArgs(args);
  if (command.kind === 'help') {
    process.stdout.write(`${INSTALL_PACKS_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'error') {
    process.stderr.write(`install-packs: ${command.message}\n${INSTALL_PACKS_USAGE}\n`);
    return 2;
  }
  const dataSource = await createDataSource(
    'segmentation',
    loadServiceConfig('segmentation'),
  ).initialize();
  try {
    const jobs = new PostgresBackfillJobs(dataSource);
    const installer = new InstallModelPacksUseCase(
      dataSource,
      new PostgresSegmentDefinitionsStore(dataSource, jobs),
      jobs,
    );
    const result = await installer.install(command.packs, {
      activate: command.activate,
      actor: 'cli:install-packs',
    });
    for (const d of result.definitions)
      process.stdout.write(
        `${d.id}  ${d.created ? 'created' : 'exists'}${d.activated ? ', activated' : ''}\n`,
      );
    if (result.job) process.stdout.write(`backfill job ${result.job.id} queued\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `install-packs failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
