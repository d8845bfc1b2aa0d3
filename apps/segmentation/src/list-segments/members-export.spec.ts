import { csvField, exportLines } from './members-export';
import type { MemberRow } from './segment-members.query';

async function* rows(...items: MemberRow[]): AsyncGenerator<MemberRow> {
  yield* items;
}
async function collect(lines: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const line of lines) out += line;
  return out;
}
const row: MemberRow = {
  customerId: 'c-1',
  definitionVersion: 2,
  enteredAt: '2026-03-01T00:00:00.000Z',
  reason: { summary: 'count = 2, ≥ 2', values: { n: 2 } },
};

describe('members export', () => {
  it('writes one JSON object per line', async () => {
    expect(await collect(exportLines(rows(row), 'ndjson'))).toBe(`${JSON.stringify(row)}\n`);
  });

  it('writes RFC 4180 CSV with a header', async () => {
    expect(await collect(exportLines(rows(row), 'csv'))).toBe(
      'customer_id,definition_version,entered_at,reason_summary\r\n' +
        'c-1,2,2026-03-01T00:00:00.000Z,"count = 2, ≥ 2"\r\n',
    );
  });

  it('quotes and defuses spreadsheet formulas', () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('plain')).toBe('plain');
  });
});
