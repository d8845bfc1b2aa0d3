#!/usr/bin/env node
import { loadServiceConfig } from '@cip/config';
import { createDataSource } from '@cip/persistence';
import { API_KEYS_USAGE, parseApiKeysArgs } from './api-keys-args';
import { PostgresApiKeyStore } from './postgres-api-key.store';

// Manages the API keys of source systems (the ingestion schema must be migrated).
async function main(args: readonly string[]): Promise<number> {
  const command = parseApiKeysArgs(args);
  if (command.kind === 'help') {
    process.stdout.write(`${API_KEYS_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'error') {
    process.stderr.write(`api-keys: ${command.message}\n${API_KEYS_USAGE}\n`);
    return 2;
  }
  const dataSource = await createDataSource(
    'ingestion',
    loadServiceConfig('ingestion'),
  ).initialize();
  try {
    const store = new PostgresApiKeyStore(dataSource);
    switch (command.kind) {
      case 'create': {
        const { record, token } = await store.create(command.key);
        process.stdout.write(
          `created key ${record.keyId} for ${record.sourceSystem} (${record.scopes.join(', ')}, ` +
            `${record.ratePerSecond}/s, burst ${record.burst}); store it now, it is not shown again:\n${token}\n`,
        );
        return 0;
      }
      case 'list':
        for (const key of await store.findAll()) {
          const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
          process.stdout.write(
            `${key.keyId}  ${key.sourceSystem}  ${key.name}  [${key.scopes.join(',')}]  ${key.ratePerSecond}/s  ${state}\n`,
          );
        }
        return 0;
      case 'revoke': {
        const revoked = await store.revoke(command.keyId);
        process.stdout.write(
          revoked ? `revoked ${command.keyId}\n` : `no active key ${command.keyId}\n`,
        );
        return revoked ? 0 : 1;
      }
    }
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
      `api-keys failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
