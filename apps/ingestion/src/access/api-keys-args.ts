import { parseArgs } from 'node:util';
import { INGESTION_SCOPES } from './ingestion-route-scopes';
import type { NewApiKey } from './postgres-api-key.store';

export const API_KEYS_USAGE = `usage:
  api-keys create --name <name> --source <system> --scopes <s1,s2> [--rate <per second>] [--burst <n>]
  api-keys list
  api-keys revoke <keyId>
scopes: ${INGESTION_SCOPES.join(', ')}`;

export type ApiKeysCommand =
  | { kind: 'create'; key: NewApiKey }
  | { kind: 'list' }
  | { kind: 'revoke'; keyId: string }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

const DEFAULT_RATE_PER_SECOND = 1_000;

/** Parses the api-keys command line; every mistake comes back as one message, nothing throws. */
export function parseApiKeysArgs(args: readonly string[]): ApiKeysCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        source: { type: 'string' },
        scopes: { type: 'string' },
        rate: { type: 'string' },
        burst: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const [verb, ...rest] = positionals;
  if (values.help || verb === undefined || verb === 'help') return { kind: 'help' };
  if (verb === 'list') return { kind: 'list' };
  if (verb === 'revoke') {
    return rest.length === 1
      ? { kind: 'revoke', keyId: rest[0] as string }
      : { kind: 'error', message: 'revoke takes exactly one key id' };
  }
  if (verb !== 'create') return { kind: 'error', message: `unknown command '${verb}'` };

  if (!values.name || !values.source || !values.scopes)
    return { kind: 'error', message: 'create needs --name, --source and --scopes' };
  const scopes = values.scopes.split(',').map((scope) => scope.trim());
  const unknown = scopes.filter(
    (scope) => !(INGESTION_SCOPES as readonly string[]).includes(scope),
  );
  if (unknown.length > 0)
    return { kind: 'error', message: `unknown scopes: ${unknown.join(', ')}` };
  const ratePerSecond = values.rate === undefined ? DEFAULT_RATE_PER_SECOND : Number(values.rate);
  const burst = values.burst === undefined ? ratePerSecond * 2 : Number(values.burst);
  if (!Number.isInteger(ratePerSecond) || ratePerSecond < 1)
    return { kind: 'error', message: '--rate must be a whole number ≥ 1' };
  if (!Number.isInteger(burst) || burst < 1)
    return { kind: 'error', message: '--burst must be a whole number ≥ 1' };
  return {
    kind: 'create',
    key: { name: values.name, sourceSystem: values.source, scopes, ratePerSecond, burst },
  };
}
