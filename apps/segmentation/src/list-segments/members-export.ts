import type { MemberRow } from './segment-members.query';

export type ExportFormat = 'ndjson' | 'csv';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
};

const CSV_HEADER = 'customer_id,definition_version,entered_at,reason_summary\r\n';

/** Export lines, produced as the rows are read (nothing buffers the whole segment). */
export async function* exportLines(
  rows: AsyncIterable<MemberRow>,
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield CSV_HEADER;
  for await (const row of rows) {
    switch (format) {
      case 'ndjson':
        yield `${JSON.stringify(row)}\n`;
        break;
      case 'csv':
        yield `${[
          csvField(row.customerId),
          String(row.definitionVersion),
          row.enteredAt,
          csvField(typeof row.reason['summary'] === 'string' ? row.reason['summary'] : ''),
        ].join(',')}\r\n`;
        break;
    }
  }
}

/** RFC 4180 quoting; a leading = + - @ is prefixed so spreadsheets do not run it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
