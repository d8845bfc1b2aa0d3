import { loadServiceConfig } from '@cip/config';
import type { LedgerEntry } from '@cip/ingestion-domain';
import { createDataSource, runMigrations } from '@cip/persistence';
import { newIsolation, serviceEnv, testInfra } from '@cip/testing';
import type { DataSource } from 'typeorm';
import { PostgresIdempotencyLedger } from './postgres-idempotency.ledger';

const config = loadServiceConfig('ingestion', serviceEnv(testInfra(), newIsolation('ledger')));
let dataSource: DataSource;
let ledger: PostgresIdempotencyLedger;

const t0 = new Date('2025-01-01T12:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

function entry(eventId: string, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    eventId,
    customerId: 'cust-1',
    type: 'call.completed',
    bodyHash: 'hash-a',
    status: 'pending',
    occurredAt: later(-60_000),
    acceptedAt: t0,
    topic: 'contact-events',
    ...overrides,
  };
}

beforeAll(async () => {
  await runMigrations('ingestion', config);
  dataSource = await createDataSource('ingestion', config, { poolSize: 4 }).initialize();
  ledger = new PostgresIdempotencyLedger(dataSource);
});

afterAll(async () => {
  await dataSource?.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
  await dataSource?.destroy();
});

describe('PostgresIdempotencyLedger', () => {
  it('lets exactly one of concurrent claims win', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => ledger.claim(entry('concurrent'))),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    for (const r of results)
      if (!r.claimed)
        expect(r.existing).toMatchObject({ eventId: 'concurrent', status: 'pending' });
  });

  it('claims many ids at once as if one after the other', async () => {
    await ledger.claim(entry('batch-taken', { bodyHash: 'hash-old' }));
    const ids = Array.from({ length: 50 }, (_, i) => `batch-${i}`);
    const results = await Promise.all([
      ...ids.map((id) => ledger.claim(entry(id))),
      ledger.claim(entry('batch-taken')),
      ledger.claim(entry('batch-7', { bodyHash: 'hash-dup' })),
    ]);
    expect(results.slice(0, 50).every((r) => r.claimed)).toBe(true);
    expect(results[50]).toEqual({
      claimed: false,
      existing: entry('batch-taken', { bodyHash: 'hash-old' }),
    });
    // A later duplicate in the same statement meets the earlier claim, as it would in sequence.
    expect(results[51]).toEqual({ claimed: false, existing: entry('batch-7') });
    expect(await ledger.find('batch-7')).toEqual(entry('batch-7'));
  });

  it('fails only the row Postgres refuses, not the others of its statement', async () => {
    const refused = entry('bad-row', { occurredAt: new Date('0000-01-01T00:00:00.000Z') });
    const results = await Promise.allSettled([
      ledger.claim(entry('good-row-1')),
      ledger.claim(refused),
      ledger.claim(entry('good-row-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await ledger.find('good-row-1')).toEqual(entry('good-row-1'));
    expect(await ledger.find('bad-row')).toBeUndefined();
  });

  it('accepts many ids at once, each exactly once', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `accept-many-${i}`);
    await Promise.all(ids.map((id) => ledger.claim(entry(id))));
    await Promise.all([
      ...ids.map((id) =>
        ledger.markAccepted(entry(id, { status: 'accepted', acceptedAt: later(100) })),
      ),
      ledger.markAccepted(entry(ids[0] as string, { status: 'accepted', acceptedAt: later(200) })),
    ]);
    for (const id of ids)
      expect(await ledger.find(id)).toEqual(
        entry(id, { status: 'accepted', acceptedAt: later(100) }),
      );
  });

  it('records an acceptance and keeps it over later writes', async () => {
    await ledger.claim(entry('accept'));
    await ledger.markAccepted(entry('accept', { status: 'accepted', acceptedAt: later(100) }));
    await ledger.markAccepted(entry('accept', { status: 'accepted', acceptedAt: later(999) }));
    await ledger.release('accept', t0);
    expect(await ledger.find('accept')).toEqual(
      entry('accept', { status: 'accepted', acceptedAt: later(100) }),
    );
  });

  it('releases only the claim it holds', async () => {
    await ledger.claim(entry('release'));
    await ledger.release('release', later(1));
    expect(await ledger.find('release')).toBeDefined();
    await ledger.release('release', t0);
    expect(await ledger.find('release')).toBeUndefined();
  });

  it('retakes a stale claim once, fencing out the previous holder', async () => {
    await ledger.claim(entry('retake'));
    expect(await ledger.retake('retake', 'hash-a', later(-1), later(30_000))).toBe(false); // not stale yet
    expect(await ledger.retake('retake', 'hash-b', t0, later(30_000))).toBe(false); // other body
    const both = await Promise.all([
      ledger.retake('retake', 'hash-a', t0, later(30_000)),
      ledger.retake('retake', 'hash-a', t0, later(30_001)),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    await ledger.release('retake', t0); // the old holder's release is fenced off
    expect(await ledger.find('retake')).toMatchObject({ status: 'pending' });
  });
});
