import { parseImportArgs } from './import-args';

describe('parseImportArgs', () => {
  it('takes the format from the extension and applies defaults', () => {
    expect(parseImportArgs(['events', 'history.csv'])).toEqual({
      kind: 'events',
      options: {
        file: 'history.csv',
        format: 'csv',
        rejectFile: 'history.csv.rejects.ndjson',
        baseUrl: 'http://127.0.0.1:3001',
        apiKey: undefined,
        batchSize: 500,
        concurrency: 4,
      },
    });
    const explicit = parseImportArgs([
      'events',
      'dump.txt',
      '--format',
      'ndjson',
      '--url',
      'http://ingest:3001/',
      '--api-key',
      'cip_k',
      '--batch-size',
      '1000',
      '--rejects',
      'bad.ndjson',
    ]);
    expect(explicit).toMatchObject({
      kind: 'events',
      options: {
        format: 'ndjson',
        baseUrl: 'http://ingest:3001',
        apiKey: 'cip_k',
        batchSize: 1000,
        rejectFile: 'bad.ndjson',
      },
    });
  });

  it('explains each mistake', () => {
    const message = (args: string[]) => {
      const command = parseImportArgs(args);
      return command.kind === 'error' ? command.message : command.kind;
    };
    expect(message([])).toBe('help');
    expect(message(['orders', 'x.csv'])).toBe("cannot import 'orders' (events or customers)");
    expect(message(['customers', 'x.ndjson'])).toBe('customers');
    expect(message(['events'])).toBe('give exactly one file');
    expect(message(['events', 'a.csv', '--format', 'xml'])).toMatch(/--format/);
    expect(message(['events', 'a.csv', '--batch-size', '5000'])).toMatch(/--batch-size/);
    expect(message(['events', 'a.csv', '--concurrency', '0'])).toMatch(/--concurrency/);
    expect(message(['events', 'a.csv', '--bogus'])).toMatch(/bogus/);
  });
});
