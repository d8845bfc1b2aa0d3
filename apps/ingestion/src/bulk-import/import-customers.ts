import { csvRowToObject, type ImportTally } from '@cip/ingestion-domain';
import { readRows } from './file-rows';
import { rejectedRow, type ImportOptions } from './import-events';
import { BoundedTasks, ImportSink } from './import-sink';
import { IngestionClient } from './ingestion.client';
import { customerProfileFieldKinds } from './payload-field-kinds';

/**
 * Imports customer files: NDJSON lines `{"customerId": "...", "profile": {...}}`, or CSV with a
 * `customerId` column and the profile's fields as dot paths (`contact.email`). Each row is a
 * PUT /v1/customers/:id, which replaces the file and is a no-op when nothing changed, so a rerun
 * adds no versions, audit rows or change events.
 */
export async function importCustomers(options: ImportOptions): Promise<ImportTally> {
  const client = new IngestionClient({ baseUrl: options.baseUrl, apiKey: options.apiKey });
  const sink = new ImportSink(options.file, options.rejectFile, options.onProgress);
  const tasks = new BoundedTasks(options.concurrency);
  const kindOf = customerProfileFieldKinds();
  const parseCsvRow = (header: readonly string[], fields: readonly string[]) => {
    const parsed = csvRowToObject(header, fields, (path) =>
      path[0] === 'customerId' ? 'string' : kindOf(path),
    );
    if (!parsed.ok) return parsed;
    const { customerId, ...profile } = parsed.event;
    return { ok: true as const, event: { customerId, profile } };
  };

  try {
    for await (const row of readRows(options.file, options.format, parseCsvRow)) {
      if (tasks.failed) break;
      sink.tally.read += 1;
      sink.progress(row.bytesRead);
      if (!row.parse.ok) {
        sink.reject({ line: row.line, reason: row.parse.reason });
        continue;
      }
      const { customerId, profile } = row.parse.event;
      if (typeof customerId !== 'string' || customerId === '') {
        sink.reject({ line: row.line, reason: 'customerId is missing' });
        continue;
      }
      await tasks.run(async () => {
        const problem = await client.putCustomer(customerId, profile);
        if (problem) sink.reject(rejectedRow(row.line, problem));
        else sink.tally.accepted += 1;
      });
    }
    await tasks.drain();
  } finally {
    await sink.close();
  }
  return sink.tally;
}
