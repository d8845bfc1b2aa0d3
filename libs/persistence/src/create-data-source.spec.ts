import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { dataSourceOptionsFor } from './create-data-source';
import { PersistenceError } from './persistence-error';
import { SERVICE_PERSISTENCE } from './service-persistence.registry';

const database = {
  url: 'postgres://postgres@127.0.0.1:5432/test',
  schema: 't_abc_segmentation',
  poolSize: 7,
};

describe('dataSourceOptionsFor', () => {
  it('pins the service schema, search_path, pool size and never synchronizes', () => {
    const options = dataSourceOptionsFor('segmentation', { database }) as PostgresDataSourceOptions;
    expect(options).toMatchObject({
      type: 'postgres',
      url: database.url,
      schema: 't_abc_segmentation',
      synchronize: false,
      migrationsRun: false,
      dropSchema: false,
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'all',
      applicationName: 'cip-segmentation',
      extra: {
        max: 7,
        options: '-c search_path=t_abc_segmentation -c jit=off -c random_page_cost=1.1',
      },
    });
  });

  it("takes the service's entities and migrations from the registry", () => {
    const options = dataSourceOptionsFor('nba', { database: { ...database, schema: 'nba' } });
    expect(options.entities).toEqual(SERVICE_PERSISTENCE.nba.entities);
    expect(options.migrations).toEqual(SERVICE_PERSISTENCE.nba.migrations);
  });

  it('applies overrides', () => {
    const options = dataSourceOptionsFor(
      'ingestion',
      { database },
      { poolSize: 2, applicationName: 'x', connectTimeoutMs: 50 },
    );
    expect(options).toMatchObject({
      applicationName: 'x',
      connectTimeoutMS: 50,
      extra: { max: 2 },
    });
  });

  it("refuses another service's config (schema ownership)", () => {
    expect(() => dataSourceOptionsFor('nba', { serviceName: 'lifecycle', database })).toThrow(
      expect.objectContaining({ code: 'CONFIG_MISMATCH' }),
    );
  });

  it.each(['', 'Upper', '1abc', 'a-b', 'a;drop', 'x'.repeat(64), 'a b'])(
    'refuses schema name %j',
    (schema) => {
      expect(() => dataSourceOptionsFor('nba', { database: { ...database, schema } })).toThrow(
        PersistenceError,
      );
    },
  );
});
