import type { DataSource } from 'typeorm';
import { createDataSource } from './create-data-source';
import { PersistenceError } from './persistence-error';
import { poolQuery } from './pool-query';
import { useMigratedSchema } from './test/migrated-schema.harness';

const schema = useMigratedSchema('segmentation', 'poolq', 2);
const { config } = schema;
let dataSource: DataSource;

beforeAll(() => {
  dataSource = schema.dataSource;
});

describe('poolQuery', () => {
  it("runs on the DataSource's pool in the service's schema, with parameters, and returns the rows", async () => {
    const [where] = await poolQuery<{ schema: string }>(
      dataSource,
      'SELECT current_schema() AS schema',
    );
    expect(where?.schema).toBe(config.database.schema);
    // An unqualified table resolves to the service's own (search_path), as with DataSource.query.
    await poolQuery(
      dataSource,
      `INSERT INTO processed_event (consumer, event_id) SELECT $1, unnest($2::text[])`,
      ['pool-query', ['a', 'b']],
    );
    const rows = await poolQuery<{ event_id: string }>(
      dataSource,
      'SELECT event_id FROM processed_event WHERE consumer = $1 ORDER BY event_id',
      ['pool-query'],
    );
    expect(rows).toEqual([{ event_id: 'a' }, { event_id: 'b' }]);
    expect(
      await dataSource.query(`SELECT count(*)::int AS n FROM processed_event WHERE consumer = $1`, [
        'pool-query',
      ]),
    ).toEqual([{ n: 2 }]);
  });

  it("fails with Postgres' own error and SQLSTATE, and leaves the pool usable", async () => {
    await expect(
      poolQuery(
        dataSource,
        `INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2), ($1, $2)`,
        ['pool-query-dup', 'x'],
      ),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(poolQuery(dataSource, 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('refuses a DataSource that has no pool yet, with a PersistenceError', async () => {
    const closed = createDataSource('segmentation', config);
    const attempt = poolQuery(closed, 'SELECT 1');
    await expect(attempt).rejects.toBeInstanceOf(PersistenceError);
    await expect(attempt).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });
});
