import { parseArgs } from 'node:util';
import type { ImportOptions } from './import-events';

export const IMPORT_USAGE = `usage:
  import events|customers <file.csv|file.ndjson> [--format csv|ndjson] [--rejects <file>]
      [--url http://127.0.0.1:3001] [--api-key <key>] [--batch-size 500] [--concurrency 4]
events: CSV columns are event fields as dot paths (eventId,type,version,occurredAt,customerId,
  source,payload.amount,...); a missing eventId is derived from the row, so reruns add nothing.
customers: NDJSON lines {"customerId": "...", "profile": {...}}, or CSV with a customerId column
  and profile fields as dot paths (kind,contact.email,preferences.channel,...).
Rejected rows go to the reject file (default <file>.rejects.ndjson) with their line and reason.`;

export type ImportCommand =
  | { kind: 'events' | 'customers'; options: Omit<ImportOptions, 'onProgress'> }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/** Parses the import command line; every mistake comes back as one message, nothing throws. */
export function parseImportArgs(args: readonly string[]): ImportCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        rejects: { type: 'string' },
        url: { type: 'string', default: 'http://127.0.0.1:3001' },
        'api-key': { type: 'string' },
        'batch-size': { type: 'string', default: '500' },
        concurrency: { type: 'string', default: '4' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const [what, file, ...extra] = positionals;
  if (values.help || what === undefined) return { kind: 'help' };
  if (what !== 'events' && what !== 'customers')
    return { kind: 'error', message: `cannot import '${what}' (events or customers)` };
  if (!file || extra.length > 0) return { kind: 'error', message: 'give exactly one file' };
  const format = values.format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson');
  if (format !== 'csv' && format !== 'ndjson')
    return { kind: 'error', message: `--format must be csv or ndjson, not '${format}'` };
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000)
    return { kind: 'error', message: '--batch-size must be a whole number from 1 to 1000' };
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    return { kind: 'error', message: '--concurrency must be a whole number from 1 to 32' };
  return {
    kind: what,
    options: {
      file,
      format,
      rejectFile: values.rejects ?? `${file}.rejects.ndjson`,
      baseUrl: values.url.replace(/\/+$/, ''),
      apiKey: values['api-key'],
      batchSize,
      concurrency,
    },
  };
}
