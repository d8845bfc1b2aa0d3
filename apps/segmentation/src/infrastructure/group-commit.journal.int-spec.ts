import { loadServiceConfig } from '@cip/config';
import { createDataSource, runMigrations } from '@cip/persistence';
import {
  applyContactEvent,
  buildSegmentCatalog,
  type CustomerSegmentState,
} from '@cip/segmentation-domain';
import { newIsolation, testInfra } from '@cip/testing';
import type { DataSource } from 'typeorm';
import type { JournalEntry } from '../evaluate-segments/segment-state.ports';
import { complaint, REPEATED_COMPLAINERS, snapshotOf } from '../testing.fakes';
import { GroupCommitJournal } from './group-commit.journal';
import { PostgresSegmentationJournal } from './postgres-segmentation.journal';

const infra = testInfra();
const isolation = newIsolation('segjournal');
const config = loadServiceConfig('segmentation', {
  DATABASE_URL: infra.databaseUrl,
  DATABASE_SCHEMA_PREFIX: isolation.schemaPrefix,
  DATABASE_POOL_SIZE: '4',
});
const catalog = buildSegmentCatalog({ active: [REPEATED_COMPLAINERS] });
const NOW = Date.parse('2026-05-20T12:00:00.000Z');

let dataSource: DataSource;

/** Two complaints: a member, with its one pending 'entered' change. */
function memberState(customerId: string): CustomerSegmentState {
  const one = applyContactEvent(
    undefined,
    complaint(`${customerId}-1`, customerId, '2026-05-18T10:00:00Z'),
    catalog,
    NOW,
  );
  return applyContactEvent(
    one.state,
    complaint(`${customerId}-2`, customerId, '2026-05-19T10:00:00Z'),
    catalog,
    NOW,
  ).state;
}

/** Transaction ids that inserted these inbox rows: one per transaction. */
async function transactionsOf(eventIds: readonly string[]): Promise<number> {
  const rows = (await dataSource.query(
    `SELECT count(DISTINCT xmin::text)::int AS n FROM processed_event WHERE event_id = ANY($1::text[])`,
    [eventIds],
  )) as Array<{ n: number }>;
  return rows[0]!.n;
}

beforeAll(async () => {
  await runMigrations('segmentation', config);
  dataSource = await createDataSource('segmentation', config).initialize();
});

afterAll(async () => {
  await dataSource.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
  await dataSource.destroy();
});

describe('GroupCommitJournal over PostgresSegmentationJournal (real Postgres)', () => {
  it('writes concurrent entries of several consumers in one transaction, as if one after the other', async () => {
    const journal = new GroupCommitJournal(new PostgresSegmentationJournal(dataSource));
    const state = memberState('g-1');
    const entered = state.pending[0]!;
    const exited = { ...entered, eventId: 'g-1-exit', change: 'exited' as const };
    const other = memberState('g-2');
    const entries: JournalEntry[] = [
      // Alone (the journal was idle), then the rest grouped behind it.
      { consumer: 'seg', eventIds: ['g-e0'], states: [], changes: [] },
      { consumer: 'seg', eventIds: ['g-e1', 'g-e2'], states: [snapshotOf(state, 2)], changes: [] },
      {
        consumer: 'merged',
        eventIds: ['g-m1'],
        states: [snapshotOf(state, 4)],
        changes: [entered],
      },
      {
        eventIds: [],
        states: [snapshotOf({ ...state, memberships: {} }, 3)],
        changes: [exited],
      },
      { consumer: 'seg', eventIds: ['g-e3'], states: [snapshotOf(other, 1)], changes: [] },
    ];
    await Promise.all(entries.map((entry) => journal.record(entry)));

    expect(await transactionsOf(['g-e0'])).toBe(1);
    expect(await transactionsOf(['g-e1', 'g-e2', 'g-m1', 'g-e3'])).toBe(1);
    expect(await journal.processed('seg', ['g-e0', 'g-e1', 'g-e2', 'g-e3', 'g-m1'])).toEqual(
      new Set(['g-e0', 'g-e1', 'g-e2', 'g-e3']),
    );
    expect(await journal.processed('merged', ['g-m1', 'g-e1'])).toEqual(new Set(['g-m1']));
    const snapshots = await journal.loadSnapshots(['g-1', 'g-2'], catalog);
    expect(snapshots.get('g-1')!.seq).toBe(4);
    expect(snapshots.get('g-2')!.seq).toBe(1);
    // The exit was enqueued last: it decides the current row; history keeps both.
    const members = (await dataSource.query(
      `SELECT customer_id FROM segment_membership WHERE customer_id IN ('g-1', 'g-2')`,
    )) as unknown[];
    expect(members).toEqual([]);
    const history = (await dataSource.query(
      `SELECT event_id FROM segment_membership_history WHERE customer_id = 'g-1' ORDER BY id`,
    )) as Array<{ event_id: string }>;
    expect(history.map((r) => r.event_id)).toEqual([entered.eventId, 'g-1-exit']);
  });

  it('splits a backlog over the bound into consecutive transactions', async () => {
    const journal = new GroupCommitJournal(new PostgresSegmentationJournal(dataSource), 3);
    const ids = Array.from({ length: 7 }, (_, i) => `s-e${i}`);
    await Promise.all(
      ids.map((id, i) =>
        journal.record({
          consumer: 'seg',
          eventIds: [id],
          states: [snapshotOf(memberState(`s-${i}`), 1)],
          changes: [],
        }),
      ),
    );
    // The first alone (idle journal), then 3 + 3.
    expect(await transactionsOf(ids)).toBe(3);
    expect((await journal.loadSnapshots(['s-0', 's-6'], catalog)).size).toBe(2);
  });

  it('fails only the batch whose entry Postgres refuses; its group neighbours are recorded', async () => {
    const journal = new GroupCommitJournal(new PostgresSegmentationJournal(dataSource));
    const first = journal.record({ consumer: 'seg', eventIds: ['r-e0'], states: [], changes: [] });
    const good = journal.record({ consumer: 'seg', eventIds: ['r-e1'], states: [], changes: [] });
    // Text may not hold a NUL character: Postgres refuses the whole statement.
    const bad = journal.record({
      consumer: 'seg',
      eventIds: ['r-\u0000'],
      states: [],
      changes: [],
    });
    await first;
    await good;
    await expect(bad).rejects.toThrow();
    expect(await journal.processed('seg', ['r-e0', 'r-e1'])).toEqual(new Set(['r-e0', 'r-e1']));
  });
});
