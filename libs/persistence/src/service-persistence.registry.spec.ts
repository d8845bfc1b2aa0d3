import { getMetadataArgsStorage } from 'typeorm';
import { OutboxMessageEntity } from './ingestion/outbox-message.entity';
import { ProcessedEventEntity } from './processed-event.entity';
import { PERSISTENT_SERVICES, SERVICE_PERSISTENCE } from './service-persistence.registry';

const allMigrations = PERSISTENT_SERVICES.flatMap((service) =>
  SERVICE_PERSISTENCE[service].migrations.map((Migration) => ({
    service,
    migration: new Migration(),
  })),
);

describe('SERVICE_PERSISTENCE', () => {
  it('covers the four services', () => {
    expect([...PERSISTENT_SERVICES].sort()).toEqual([
      'ingestion',
      'lifecycle',
      'nba',
      'segmentation',
    ]);
  });

  it('names every migration ClassName + 13-digit timestamp, uniquely across services', () => {
    const names = allMigrations.map(({ migration }) => migration.name ?? '');
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z]+\d{13}$/);
    expect(new Set(names).size).toBe(names.length);
  });

  it('lists each service’s migrations in timestamp order, each reversible', () => {
    for (const service of PERSISTENT_SERVICES) {
      const migrations = SERVICE_PERSISTENCE[service].migrations.map((M) => new M());
      const stamps = migrations.map((m) => Number((m.name ?? '').slice(-13)));
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      for (const m of migrations) expect(typeof m.down).toBe('function');
    }
  });

  it('gives no table to two services, except each service’s own inbox and outbox', () => {
    const tables = getMetadataArgsStorage().tables;
    const owners = new Map<string, string[]>();
    for (const service of PERSISTENT_SERVICES) {
      for (const entity of SERVICE_PERSISTENCE[service].entities) {
        // Pattern tables: each service has its own copy in its own schema.
        if (entity === ProcessedEventEntity || entity === OutboxMessageEntity) continue;
        const table = tables.find((t) => t.target === entity)?.name ?? '';
        owners.set(table, [...(owners.get(table) ?? []), service]);
      }
    }
    for (const [table, services] of owners)
      expect({ table, services }).toEqual({ table, services: [services[0]] });
  });
});
