import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCustomerHistories } from './read-customer-histories';
import { readGroundTruth } from './read-ground-truth';

const dir = mkdtempSync(join(tmpdir(), 'churn-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const visit = (customerId: string, n: number) =>
  JSON.stringify({
    eventId: `${customerId}-e${n}`,
    type: 'visit.completed',
    version: 1,
    occurredAt: '2026-05-01T10:00:00.000Z',
    customerId,
    source: 'web',
    payload: { channel: 'web', purpose: 'browse', durationSeconds: 30 },
  });

async function histories(lines: string[]) {
  const path = join(dir, `events-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const invalid: number[] = [];
  const read: { customerId: string; count: number }[] = [];
  for await (const h of readCustomerHistories(path, (n) => invalid.push(n))) {
    read.push({ customerId: h.customerId, count: h.events.length });
  }
  return { read, invalid };
}

describe('readCustomerHistories', () => {
  it('yields each customer once with their events, and reports invalid lines', async () => {
    const { read, invalid } = await histories([
      visit('a', 1),
      visit('a', 2),
      '{not json',
      visit('b', 1),
      '{"type":"visit.completed"}',
      visit('b', 2),
      visit('b', 3),
    ]);
    expect(read).toEqual([
      { customerId: 'a', count: 2 },
      { customerId: 'b', count: 3 },
    ]);
    expect(invalid).toEqual([3, 5]);
  });

  it('fails when a customer’s events are split across the file', async () => {
    await expect(histories([visit('a', 1), visit('b', 1), visit('a', 2)])).rejects.toThrow(
      /not contiguous/,
    );
  });
});

describe('readGroundTruth', () => {
  it('reads the churn columns by header name', () => {
    const path = join(dir, 'ground-truth.csv');
    writeFileSync(
      path,
      'customerId,valueTier,churnKind,churnCause,churnAt,closure\n' +
        's-1,vip,quantity,complaints,2026-07-01T00:00:00.000Z,silent\n' +
        's-2,small,,,,none\n',
    );
    const truth = readGroundTruth(path);
    expect(truth.get('s-1')).toEqual({
      customerId: 's-1',
      kind: 'quantity',
      cause: 'complaints',
      churnAt: Date.parse('2026-07-01T00:00:00.000Z'),
    });
    expect(truth.get('s-2')).toEqual({
      customerId: 's-2',
      kind: undefined,
      cause: undefined,
      churnAt: undefined,
    });
  });

  it('rejects a file without the churn columns or with ragged rows', () => {
    const missing = join(dir, 'missing.csv');
    writeFileSync(missing, 'customerId,churnKind\n');
    expect(() => readGroundTruth(missing)).toThrow(/no column churnCause/);
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'customerId,churnKind,churnCause,churnAt\ns-1,value\n');
    expect(() => readGroundTruth(ragged)).toThrow(/2 cells, expected 4/);
  });
});
