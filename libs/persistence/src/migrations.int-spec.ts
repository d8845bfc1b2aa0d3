import { loadServiceConfig, type ServiceConfig, type ServiceName } from '@cip/config';
import { newIsolation, testInfra } from '@cip/testing';
import { Client } from 'pg';
import { createDataSource } from './create-data-source';
import { ActionCatalogEntity } from './nba/action-catalog.entity';
import { TriggerDefinitionEntity } from './lifecycle/trigger-definition.entity';
import { revertMigrations, runMigrations } from './run-migrations';
import { SegmentDefinitionEntity } from './segmentation/segment-definition.entity';
import { PERSISTENT_SERVICES, SERVICE_PERSISTENCE } from './service-persistence.registry';

const infra = testInfra();
const createdPrefixes: string[] = [];
let admin: Client;

function freshPrefix(label: string): string {
  const prefix = newIsolation(label).schemaPrefix;
  createdPrefixes.push(prefix);
  return prefix;
}

function configFor(service: ServiceName, prefix: string): ServiceConfig {
  return loadServiceConfig(service, {
    DATABASE_URL: infra.databaseUrl,
    DATABASE_SCHEMA_PREFIX: prefix,
    DATABASE_POOL_SIZE: '2',
  });
}

const migrationNames = (service: ServiceName): string[] =>
  SERVICE_PERSISTENCE[service].migrations.map((M) => new M().name ?? '');

async function tablesIn(schema: string): Promise<string[]> {
  const { rows } = await admin.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [schema],
  );
  return rows.map((r) => r.table_name);
}

beforeAll(async () => {
  admin = new Client({ connectionString: infra.databaseUrl });
  await admin.connect();
});

afterAll(async () => {
  for (const prefix of createdPrefixes) {
    for (const service of PERSISTENT_SERVICES) {
      await admin.query(`DROP SCHEMA IF EXISTS "${prefix}${service}" CASCADE`);
    }
  }
  await admin.end();
});

describe('runMigrations on a fresh schema prefix', () => {
  const prefix = freshPrefix('mig');

  it('creates each service schema and applies every migration, in order', async () => {
    for (const service of PERSISTENT_SERVICES) {
      const outcome = await runMigrations(service, configFor(service, prefix));
      expect(outcome).toEqual({
        service,
        schema: `${prefix}${service}`,
        applied: migrationNames(service),
      });
    }
    expect(await tablesIn(`${prefix}ingestion`)).toEqual([
      'accepted_event',
      'api_key',
      'customer',
      'customer_identifier',
      'customer_merge',
      'customer_profile',
      'customer_profile_audit',
      'migrations',
      'outbox_message',
    ]);
    expect(await tablesIn(`${prefix}segmentation`)).toEqual([
      'backfill_job',
      'migrations',
      'processed_event',
      'quantile_table',
      'segment',
      'segment_customer_state',
      'segment_definition',
      'segment_membership',
      'segment_membership_history',
      'segment_size_sample',
    ]);
    expect(await tablesIn(`${prefix}lifecycle`)).toEqual([
      'absence_timer',
      'agent_departure',
      'agent_departure_customer',
      'alert',
      'alert_transition',
      'churn_event_history',
      'churn_model',
      'churn_score',
      'customer_agent_assignment',
      'customer_lifecycle_stage',
      'customer_value_profile',
      'lifecycle_stage_transition',
      'migrations',
      'outbox_message',
      'processed_event',
      'profile_segment',
      'trigger_definition',
      'trigger_event_hit',
    ]);
    expect(await tablesIn(`${prefix}nba`)).toEqual([
      'action_catalog',
      'closed_alert',
      'migrations',
      'open_alert',
      'processed_event',
    ]);
  });

  it('is a no-op the second time', async () => {
    for (const service of PERSISTENT_SERVICES) {
      expect((await runMigrations(service, configFor(service, prefix))).applied).toEqual([]);
    }
  });

  it('leaves entities and migrations in agreement (no schema drift)', async () => {
    for (const service of PERSISTENT_SERVICES) {
      const dataSource = await createDataSource(service, configFor(service, prefix)).initialize();
      try {
        const pending = await dataSource.driver.createSchemaBuilder().log();
        expect({ service, drift: pending.upQueries.map((q) => q.query) }).toEqual({
          service,
          drift: [],
        });
      } finally {
        await dataSource.destroy();
      }
    }
  });

  it('seeds the skeleton rule, trigger and action catalog', async () => {
    const segmentation = await createDataSource(
      'segmentation',
      configFor('segmentation', prefix),
    ).initialize();
    const lifecycle = await createDataSource(
      'lifecycle',
      configFor('lifecycle', prefix),
    ).initialize();
    const nba = await createDataSource('nba', configFor('nba', prefix)).initialize();
    try {
      const definition = await segmentation.getRepository(SegmentDefinitionEntity).findOneByOrFail({
        id: 'repeated-complainers',
        version: 1,
      });
      expect(definition).toMatchObject({
        status: 'active',
        name: 'Repeated complainers',
        description: '2 or more complaints filed in the last 30 days',
        owner: 'retention-team',
        strategy: 'win back actively, prevent churn',
        createdBy: 'system',
        pack: null,
        // Stored in the first rule form; translated when the catalog loads it.
        condition: {
          kind: 'gte',
          left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
          right: 2,
        },
      });
      expect(definition.activatedAt).toBeInstanceOf(Date);

      const trigger = await lifecycle
        .getRepository(TriggerDefinitionEntity)
        .findOneByOrFail({ id: 'repeated-complaints' });
      expect(trigger).toMatchObject({
        programme: 'anti-attrition',
        condition: { kind: 'segment-entered', segmentId: 'repeated-complainers' },
        cooldownSeconds: 604_800,
        deadlineHours: 48,
        suggestedStrategy: 'call within 48 hours: serve before selling, resolve open complaints',
        enabled: true,
      });

      const actions = await nba
        .getRepository(ActionCatalogEntity)
        .find({ order: { priority: 'DESC' } });
      expect(
        actions.map((a) => [a.actionId, a.kind, a.channel, a.appliesToTriggers, a.priority]),
      ).toEqual([
        ['retention-call-apology-credit', 'retention', 'phone', ['repeated-complaints'], 100],
        ['retention-loyalty-offer', 'retention', 'phone', ['repeated-complaints'], 80],
        ['service-follow-up', 'service', 'phone', ['repeated-complaints'], 60],
        ['nurture-newsletter', 'nurture', 'email', [], 10],
      ]);
      expect(actions[0]?.script.length).toBeGreaterThan(100);
    } finally {
      await Promise.all([segmentation.destroy(), lifecycle.destroy(), nba.destroy()]);
    }
  });

  it('enforces the declared constraints', async () => {
    const schema = `${prefix}segmentation`;
    await expect(
      admin.query(
        `INSERT INTO "${schema}".segment_definition (id, version, status, name, description, owner, strategy, condition)
         VALUES ('repeated-complainers', 2, 'active', 'n', 'd', 'o', 's', '{}')`,
      ),
    ).rejects.toThrow(/UQ_segment_definition_one_active/);
    await expect(
      admin.query(
        `INSERT INTO "${schema}".segment_definition (id, version, status, name, description, owner, strategy, condition)
         VALUES ('x', 1, 'live', 'n', 'd', 'o', 's', '{}')`,
      ),
    ).rejects.toThrow(/CHK_segment_definition_status/);
    await expect(
      admin.query(
        `INSERT INTO "${schema}".segment_definition (id, version, status, name, description, owner, strategy, condition)
         VALUES ('no-segment-row', 1, 'draft', 'n', 'd', 'o', 's', '{}')`,
      ),
    ).rejects.toThrow(/FK_segment_definition_segment/);
    const { rows: seeded } = await admin.query<{ code: number }>(
      `SELECT code FROM "${schema}".segment WHERE id = 'repeated-complainers'`,
    );
    expect(seeded[0]?.code).toBeGreaterThan(0);
    await admin.query(
      `INSERT INTO "${schema}".backfill_job (scope, segment_id, version, kind)
       VALUES ('repeated-complainers', 'repeated-complainers', 1, 'activate')`,
    );
    await expect(
      admin.query(
        `INSERT INTO "${schema}".backfill_job (scope, segment_id, version, kind)
         VALUES ('repeated-complainers', 'repeated-complainers', 1, 'edit')`,
      ),
    ).rejects.toThrow(/UQ_backfill_job_one_open_per_scope/);
    await admin.query(`DELETE FROM "${schema}".backfill_job`);
  });

  it('reverts every migration cleanly, and applies again afterwards', async () => {
    for (const service of PERSISTENT_SERVICES) {
      const config = configFor(service, prefix);
      const reverted = await revertMigrations(service, config);
      expect(reverted.reverted).toEqual([...migrationNames(service)].reverse());
      expect(await tablesIn(config.database.schema)).toEqual(['migrations']);
      const { rows } = await admin.query(
        `SELECT count(*)::int AS n FROM "${config.database.schema}".migrations`,
      );
      expect(rows[0]).toEqual({ n: 0 });
      expect((await runMigrations(service, config)).applied).toEqual(migrationNames(service));
    }
  });

  it('reverts one step at a time', async () => {
    const config = configFor('nba', prefix);
    const names = migrationNames('nba');
    expect((await revertMigrations('nba', config, { steps: 1 })).reverted).toEqual([
      names[names.length - 1],
    ]);
    expect((await runMigrations('nba', config)).applied).toEqual([names[names.length - 1]]);
  });

  it("points unqualified SQL at the service's schema only", async () => {
    const dataSource = await createDataSource(
      'lifecycle',
      configFor('lifecycle', prefix),
    ).initialize();
    try {
      expect(await dataSource.query('SHOW search_path')).toEqual([
        { search_path: `${prefix}lifecycle` },
      ]);
      expect(await dataSource.query('SHOW jit')).toEqual([{ jit: 'off' }]);
      expect(await dataSource.query('SHOW random_page_cost')).toEqual([
        { random_page_cost: '1.1' },
      ]);
      const [row] = (await dataSource.query(
        `SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.oid = to_regclass('alert')`,
      )) as Array<{ schema: string }>;
      expect(row?.schema).toBe(`${prefix}lifecycle`);
    } finally {
      await dataSource.destroy();
    }
  });
});

describe('concurrent runMigrations', () => {
  it('applies each migration exactly once when several migrators race', async () => {
    const prefix = freshPrefix('race');
    for (const service of PERSISTENT_SERVICES) {
      const outcomes = await Promise.all(
        [1, 2, 3].map(() => runMigrations(service, configFor(service, prefix))),
      );
      const applied = outcomes.flatMap((o) => o.applied);
      expect(applied.sort()).toEqual([...migrationNames(service)].sort());
      expect(outcomes.filter((o) => o.applied.length > 0)).toHaveLength(1);
    }
  });
});

describe('runMigrations when Postgres is unreachable', () => {
  it('fails with DEPENDENCY_UNAVAILABLE and a message naming the address, not the password', async () => {
    const config = loadServiceConfig('nba', {
      DATABASE_URL: 'postgres://postgres:s3cret@127.0.0.1:1/test',
    });
    await expect(runMigrations('nba', config)).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: expect.stringMatching(/127\.0\.0\.1:1.*ECONNREFUSED/),
    });
    await expect(runMigrations('nba', config)).rejects.not.toThrow(/s3cret/);
  });
});
