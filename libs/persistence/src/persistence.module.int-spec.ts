import { NestFactory } from '@nestjs/core';
import { loadServiceConfig } from '@cip/config';
import { newIsolation, testInfra } from '@cip/testing';
import type { DataSource } from 'typeorm';
import { checkDatabase, databaseDependencyCheck } from './database-health';
import { AcceptedEventEntity } from './ingestion/accepted-event.entity';
import { PersistenceModule } from './persistence.module';
import { DATA_SOURCE } from './persistence.tokens';

const prefix = newIsolation('pmod').schemaPrefix;
const config = loadServiceConfig('ingestion', {
  DATABASE_URL: testInfra().databaseUrl,
  DATABASE_SCHEMA_PREFIX: prefix,
});

describe('PersistenceModule.forService', () => {
  it('provides an initialized DataSource on the service schema and destroys it on shutdown', async () => {
    const app = await NestFactory.createApplicationContext(
      PersistenceModule.forService('ingestion', config, { runMigrations: true }),
      { logger: false },
    );
    const dataSource = app.get<DataSource>(DATA_SOURCE);
    try {
      expect(dataSource.isInitialized).toBe(true);
      await checkDatabase(dataSource);
      await databaseDependencyCheck(dataSource).check();

      const repository = dataSource.getRepository(AcceptedEventEntity);
      await repository.insert({
        eventId: 'e-1',
        customerId: 'c-1',
        type: 'complaint.filed',
        bodyHash: 'sha256:abc',
        occurredAt: new Date('2025-01-01T00:00:00Z'),
        topic: 'contact-events',
        partition: null,
        kafkaOffset: null,
      });
      const row = await repository.findOneByOrFail({ eventId: 'e-1' });
      expect(row).toMatchObject({
        customerId: 'c-1',
        partition: null,
        occurredAt: new Date('2025-01-01T00:00:00Z'),
      });
      expect(row.acceptedAt).toBeInstanceOf(Date);
    } finally {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
      await app.close();
    }
    expect(dataSource.isInitialized).toBe(false);
    await expect(checkDatabase(dataSource)).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
    });
  });

  it('fails the boot with DEPENDENCY_UNAVAILABLE when Postgres is unreachable', async () => {
    const unreachable = loadServiceConfig('nba', {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test',
    });
    await expect(
      NestFactory.createApplicationContext(PersistenceModule.forService('nba', unreachable), {
        logger: false,
        abortOnError: false,
      }),
    ).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });
});
