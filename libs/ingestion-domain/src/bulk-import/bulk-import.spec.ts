import fc from 'fast-check';
import { CsvRecordReader } from './csv-records';
import { csvRowToEvent, ndjsonLineToEvent, withEventId, type FieldKindOf } from './import-rows';
import { ImportTally, progressBar } from './import-tally';

function readAll(chunks: string[]) {
  const reader = new CsvRecordReader();
  return [...chunks.flatMap((chunk) => reader.push(chunk)), ...reader.end()];
}

const quote = (field: string) =>
  /[",\r\n]/.test(field) || field === '' ? `"${field.replace(/"/g, '""')}"` : field;

describe('CsvRecordReader', () => {
  it('handles quotes, doubled quotes, line breaks inside quotes, CRLF and a missing final newline', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n\nlast,,end';
    expect(readAll([text])).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 5, fields: ['last', '', 'end'] },
    ]);
  });

  it('parses back what it is given, however the text is split into chunks', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é') });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (rows, cuts) => {
          const text = rows.map((row) => row.map(quote).join(',')).join('\n');
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort(
            (a, b) => a - b,
          );
          const chunks = [0, ...points].map((start, i) =>
            text.slice(start, points[i] ?? undefined),
          );
          expect(readAll(chunks).map((record) => record.fields)).toEqual(rows);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('csvRowToEvent', () => {
  const kindOf: FieldKindOf = (type, path) =>
    type === 'purchase.completed' && path[0] === 'amount' ? 'number' : undefined;
  const header = [
    'eventId',
    'type',
    'version',
    'customerId',
    'payload.amount',
    'payload.productId',
  ];

  it('nests dot paths, coerces by the schema and leaves empty cells out', () => {
    expect(
      csvRowToEvent(header, ['e1', 'purchase.completed', '1', 'c1', '12.50', '0042'], kindOf),
    ).toEqual({
      ok: true,
      event: {
        eventId: 'e1',
        type: 'purchase.completed',
        version: 1,
        customerId: 'c1',
        payload: { amount: 12.5, productId: '0042' },
      },
    });
    const withoutId = csvRowToEvent(header, ['', 'purchase.completed', '1', 'c1', 'x', ''], kindOf);
    expect(withoutId).toEqual({
      ok: true,
      event: { type: 'purchase.completed', version: 1, customerId: 'c1', payload: { amount: 'x' } },
    });
  });

  it('rejects a row with the wrong number of fields', () => {
    expect(csvRowToEvent(header, ['e1', 'x'], kindOf)).toEqual({
      ok: false,
      reason: 'expected 6 fields, found 2',
    });
  });
});

describe('ndjsonLineToEvent and withEventId', () => {
  it('accepts objects only, naming the problem otherwise', () => {
    expect(ndjsonLineToEvent('{"a":1}')).toEqual({ ok: true, event: { a: 1 } });
    expect(ndjsonLineToEvent('[1]')).toEqual({ ok: false, reason: 'expected a JSON object' });
    const broken = ndjsonLineToEvent('{"a":');
    expect(broken.ok ? '' : broken.reason).toMatch(/^not JSON: /);
  });

  it('derives the same id for the same content, keeps a given id', () => {
    const row = { type: 'visit.recorded', customerId: 'c1', payload: { channel: 'branch' } };
    const first = withEventId(row)['eventId'];
    expect(first).toMatch(/^imp-[0-9a-f]{40}$/);
    expect(
      withEventId({ payload: { channel: 'branch' }, customerId: 'c1', type: 'visit.recorded' })[
        'eventId'
      ],
    ).toBe(first);
    expect(withEventId({ ...row, customerId: 'c2' })['eventId']).not.toBe(first);
    expect(withEventId({ ...row, eventId: 'mine' })['eventId']).toBe('mine');
  });
});

describe('ImportTally and progressBar', () => {
  it('summarises counts and rate', () => {
    const tally = new ImportTally();
    tally.read = 10;
    tally.accepted = 6;
    tally.replayed = 3;
    tally.rejected = 1;
    expect(tally.summary(2_000)).toBe(
      '10 rows: 6 accepted, 3 already imported, 1 rejected in 2.0 s (5 rows/s)',
    );
    expect(progressBar(1, 4, 7, 8)).toBe('[##......]  25%  7 rows');
  });
});
