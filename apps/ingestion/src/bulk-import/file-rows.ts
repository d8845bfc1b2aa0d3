import { CsvRecordReader, ndjsonLineToEvent, type RowParse } from '@cip/ingestion-domain';
import { createReadStream } from 'node:fs';

export type ImportFileFormat = 'csv' | 'ndjson';

/** Turns one CSV record (with the file's header) into the object it describes. */
export type CsvRowParser = (header: readonly string[], fields: readonly string[]) => RowParse;

export interface FileRow {
  line: number;
  parse: RowParse;
  /** Bytes of the file read so far, for the progress bar. */
  bytesRead: number;
}

/** The rows of an import file, streamed: a file larger than memory imports fine. */
export async function* readRows(
  path: string,
  format: ImportFileFormat,
  parseCsvRow: CsvRowParser,
): AsyncGenerator<FileRow> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  let bytesRead = 0;
  if (format === 'ndjson') {
    let pending = '';
    let line = 0;
    for await (const chunk of stream as AsyncIterable<string>) {
      bytesRead += Buffer.byteLength(chunk);
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) {
        line += 1;
        if (text.trim() !== '') yield { line, parse: ndjsonLineToEvent(text), bytesRead };
      }
    }
    if (pending.trim() !== '')
      yield { line: line + 1, parse: ndjsonLineToEvent(pending), bytesRead };
    return;
  }
  const reader = new CsvRecordReader();
  let header: string[] | undefined;
  const rowsOf = function* (records: ReturnType<CsvRecordReader['push']>): Generator<FileRow> {
    for (const record of records) {
      if (!header) header = record.fields.map((name) => name.trim());
      else yield { line: record.line, parse: parseCsvRow(header, record.fields), bytesRead };
    }
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    bytesRead += Buffer.byteLength(chunk);
    yield* rowsOf(reader.push(chunk));
  }
  yield* rowsOf(reader.end());
}
