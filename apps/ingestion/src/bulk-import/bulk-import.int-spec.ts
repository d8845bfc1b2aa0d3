import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIngestionHarness, type IngestionHarness } from '../ingestion-int.harness';
import { importCustomers } from './import-customers';
import { importEvents } from './import-events';

jest.setTimeout(60_000);

const workDir = mkdtempSync(join(tmpdir(), 'cip-import-'));
const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

let harness: IngestionHarness;
let baseUrl: string;

beforeAll(async () => {
  harness = await startIngestionHarness('import', { listen: true });
  baseUrl = harness.baseUrl ?? '';
});

afterAll(async () => {
  await harness?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('bulk import (real API, Kafka, Postgres, Redis)', () => {
  const customer = `imp-${Date.now().toString(36)}`;
  const csv = [
    'eventId,type,version,occurredAt,customerId,source,payload.amount,payload.currency,payload.productId',
    `,purchase.completed,1,${day(40)},${customer},billing,19.90,EUR,0042`,
    `,purchase.completed,1,${day(20)},${customer},billing,5,EUR,"sim, prepaid"`,
    `bad-amount-1,purchase.completed,1,${day(10)},${customer},billing,-3,EUR,p1`,
    `short-row,purchase.completed,1`,
    `,purchase.completed,1,${day(5)},${customer},billing,7.5,EUR,p2`,
  ].join('\n');

  it('imports good rows, writes each bad one with its line and reason, and adds nothing on a rerun', async () => {
    const file = join(workDir, 'history.csv');
    const rejectFile = join(workDir, 'history.rejects.ndjson');
    writeFileSync(file, `${csv}\n`);
    const options = {
      file,
      format: 'csv' as const,
      rejectFile,
      baseUrl,
      apiKey: undefined,
      batchSize: 2,
      concurrency: 2,
    };

    const first = await importEvents(options);
    expect({ ...first }).toEqual({ read: 5, accepted: 3, replayed: 0, rejected: 2 });
    const rejects = readFileSync(rejectFile, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { line: number; reason: string; errors?: { path: string }[] },
      )
      .sort((a, b) => a.line - b.line);
    expect(rejects.map((r) => r.line)).toEqual([4, 5]);
    expect(rejects[0]?.errors?.map((e) => e.path)).toContain('/payload/amount');
    expect(rejects[1]?.reason).toBe('expected 9 fields, found 3');

    const published = await harness.reader.waitFor(
      (messages) => {
        const ours = messages.filter((m) => m.key === customer);
        return ours.length >= 3 ? ours : undefined;
      },
      20_000,
      'three imported events',
    );
    expect(
      published
        .map((m) => (m.value as { payload: { productId: string } }).payload.productId)
        .sort(),
    ).toEqual(['0042', 'p2', 'sim, prepaid']);

    const rerun = await importEvents(options);
    expect({ ...rerun }).toEqual({ read: 5, accepted: 0, replayed: 3, rejected: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(
      harness.reader.on(harness.contactEventsTopic).filter((m) => m.key === customer),
    ).toHaveLength(3);
  });

  it('imports customer files from CSV, rejecting bad rows by line, with no new versions on a rerun', async () => {
    const file = join(workDir, 'customers.csv');
    const rejectFile = join(workDir, 'customers.rejects.ndjson');
    const ids = [1, 2, 3].map((n) => `${customer}-c${n}`);
    writeFileSync(
      file,
      [
        'customerId,kind,contact.email,preferences.timeZone,demographics.householdSize',
        `${ids[0]},person,ana@example.com,Europe/Paris,3`,
        `${ids[1]},person,,Mars/Olympus,2`,
        `${ids[2]},person,"c@example.com",UTC,`,
      ].join('\n'),
    );
    const options = {
      file,
      format: 'csv' as const,
      rejectFile,
      baseUrl,
      apiKey: undefined,
      batchSize: 500,
      concurrency: 2,
    };
    const first = await importCustomers(options);
    expect({ ...first }).toEqual({ read: 3, accepted: 2, replayed: 0, rejected: 1 });
    const [reject] = readFileSync(rejectFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { line: number; errors?: { path: string }[] });
    expect(reject?.line).toBe(3);
    expect(reject?.errors?.map((e) => e.path)).toContain('/preferences/timeZone');

    const profile = await fetch(`${baseUrl}/v1/customers/${ids[0]}`);
    expect(await profile.json()).toMatchObject({
      version: 1,
      profile: { contact: { email: 'ana@example.com' }, demographics: { householdSize: 3 } },
    });

    const rerun = await importCustomers(options);
    expect({ ...rerun }).toEqual({ read: 3, accepted: 2, replayed: 0, rejected: 1 });
    const versions = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM customer_profile_audit WHERE customer_id = ANY($1)`,
      [ids],
    )) as { n: number }[];
    expect(versions).toEqual([{ n: 2 }]);
  });
});
