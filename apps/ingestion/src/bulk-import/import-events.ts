import {
  csvRowToEvent,
  withEventId,
  type ImportTally,
  type RejectedRow,
} from '@cip/ingestion-domain';
import { readRows, type ImportFileFormat } from './file-rows';
import { BoundedTasks, ImportSink } from './import-sink';
import { IngestionClient, type BatchItemResult } from './ingestion.client';
import { payloadFieldKinds } from './payload-field-kinds';

export interface ImportOptions {
  file: string;
  format: ImportFileFormat;
  rejectFile: string;
  baseUrl: string;
  apiKey: string | undefined;
  /** Events per batch request (events only). */
  batchSize: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Called now and then with a one-line progress bar. */
  onProgress?: (line: string) => void;
}

interface PendingRow {
  line: number;
  event: Record<string, unknown>;
}

/**
 * Imports a file of historical events through the batch API. Rows that cannot be parsed, and
 * items the API rejects, go to the reject file with the line number and the reason; everything
 * else is accepted, or reported as already imported on a rerun.
 */
export async function importEvents(options: ImportOptions): Promise<ImportTally> {
  const client = new IngestionClient({ baseUrl: options.baseUrl, apiKey: options.apiKey });
  const sink = new ImportSink(options.file, options.rejectFile, options.onProgress);
  const tasks = new BoundedTasks(options.concurrency);
  const kindOf = payloadFieldKinds();
  const parseCsvRow = (header: readonly string[], fields: readonly string[]) =>
    csvRowToEvent(header, fields, kindOf);
  let batch: PendingRow[] = [];
  const flush = async (): Promise<void> => {
    const rows = batch;
    batch = [];
    await tasks.run(async () => {
      record(rows, await client.sendEvents(rows.map((row) => row.event)), sink);
    });
  };

  try {
    for await (const row of readRows(options.file, options.format, parseCsvRow)) {
      if (tasks.failed) break;
      sink.tally.read += 1;
      if (row.parse.ok) batch.push({ line: row.line, event: withEventId(row.parse.event) });
      else sink.reject({ line: row.line, reason: row.parse.reason });
      if (batch.length >= options.batchSize) await flush();
      sink.progress(row.bytesRead);
    }
    if (batch.length > 0 && !tasks.failed) await flush();
    await tasks.drain();
  } finally {
    await sink.close();
  }
  return sink.tally;
}

function record(
  rows: readonly PendingRow[],
  results: readonly BatchItemResult[],
  sink: ImportSink,
): void {
  for (const result of results) {
    const row = rows[result.index];
    if (!row) continue;
    if (result.status === 'accepted') sink.tally.accepted += 1;
    else if (result.status === 'replayed') sink.tally.replayed += 1;
    else sink.reject(rejectedRow(row.line, result.problem, result.eventId));
  }
}

export function rejectedRow(
  line: number,
  problem: BatchItemResult['problem'],
  eventId?: string,
): RejectedRow {
  return {
    line,
    ...(eventId ? { eventId } : {}),
    reason: problem?.detail ?? problem?.title ?? 'rejected',
    ...(problem?.errors ? { errors: problem.errors } : {}),
  };
}
