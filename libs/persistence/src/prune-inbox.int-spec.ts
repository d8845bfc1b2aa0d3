import type { DataSource } from 'typeorm';
import { PersistenceError } from './persistence-error';
import { pruneInbox } from './prune-inbox';
import { useMigratedSchema } from './test/migrated-schema.harness';

const DAY = 86_400_000;
const schema = useMigratedSchema('nba', 'inboxprune', 4);
const cutoff = new Date('2025-06-01T00:00:00.000Z');
const before = (ms: number) => new Date(cutoff.getTime() - ms);
let dataSource: DataSource;

beforeAll(() => {
  dataSource = schema.dataSource;
});

beforeEach(async () => {
  await dataSource.query(`DELETE FROM processed_event`);
});

/** Inserts `count` rows of `consumer`, ids `<tag>-<i>`, all processed at `at`. */
async function seed(consumer: string, tag: string, count: number, at: Date): Promise<void> {
  await dataSource.query(
    `INSERT INTO processed_event (consumer, event_id, processed_at)
     SELECT $1, $2 || '-' || i, $3 FROM generate_series(1, $4::int) AS i`,
    [consumer, tag, at, count],
  );
}

async function remaining(): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT consumer || '/' || event_id AS id FROM processed_event ORDER BY 1`,
  )) as Array<{ id: string }>;
  return rows.map((row) => row.id);
}

describe('pruneInbox', () => {
  it('deletes the rows of every consumer processed before the cutoff, and only those', async () => {
    await seed('nba.alerts', 'old', 3, before(10 * DAY));
    await seed('nba.merges', 'old', 2, before(1));
    await seed('nba.alerts', 'fresh', 2, before(-DAY));
    // Exactly at the cutoff is not before it: kept.
    await seed('nba.merges', 'edge', 1, cutoff);

    expect(await pruneInbox(dataSource, cutoff)).toBe(5);
    expect(await remaining()).toEqual([
      'nba.alerts/fresh-1',
      'nba.alerts/fresh-2',
      'nba.merges/edge-1',
    ]);
    // Nothing left to prune: a second run deletes nothing.
    expect(await pruneInbox(dataSource, cutoff)).toBe(0);
  });

  it('goes on batch after batch until everything old is gone', async () => {
    await seed('a', 'old', 10, before(DAY));
    await seed('b', 'old', 6, before(2 * DAY));
    await seed('a', 'fresh', 4, before(-1));

    // 16 old rows in batches of 4: the last full batch is followed by an empty one.
    expect(await pruneInbox(dataSource, cutoff, 4)).toBe(16);
    expect(await remaining()).toEqual(['a/fresh-1', 'a/fresh-2', 'a/fresh-3', 'a/fresh-4']);
    await seed('b', 'old2', 7, before(DAY));
    expect(await pruneInbox(dataSource, cutoff, 3)).toBe(7);
    expect(await remaining()).toHaveLength(4);
  });

  it('lets instances prune at once: none fails and, together, they delete each row once', async () => {
    await seed('a', 'old', 3_000, before(DAY));
    await seed('b', 'old', 3_000, before(DAY));
    await seed('b', 'fresh', 5, before(-DAY));

    const counts = await Promise.all([
      pruneInbox(dataSource, cutoff, 50),
      pruneInbox(dataSource, cutoff, 50),
      pruneInbox(dataSource, cutoff, 50),
    ]);
    // A run may stop early on a batch shortened by the others' locks; a later run finishes.
    const rest = await pruneInbox(dataSource, cutoff, 50);
    expect(counts.reduce((sum, n) => sum + n, 0) + rest).toBe(6_000);
    expect(await remaining()).toHaveLength(5);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    for (const batchSize of [0, -1, 1.5]) {
      await expect(pruneInbox(dataSource, cutoff, batchSize)).rejects.toBeInstanceOf(
        PersistenceError,
      );
    }
  });
});
