import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import { DATA_SOURCE } from '@cip/persistence';
import { platformInfrastructure, ProblemDetailsFilter } from '@cip/service-kit';
import { createLogger, startTelemetry, type Logger, type TelemetryHandle } from '@cip/telemetry';
import { newIsolation, removeIsolation, serviceEnv, testInfra } from '@cip/testing';
import type { DataSource } from 'typeorm';
import { SegmentSizeSampler } from '../list-segments/segment-size.sampler';
import { builtInDefinitions, MODEL_PACKS } from '@cip/segmentation-domain';
import type { SegmentCatalogProvider } from '../evaluate-segments/segment-state.ports';
import { DEFINITIONS_STATUS_BY_CODE } from './definitions-http.settings';
import { InstallModelPacksUseCase } from './install-model-packs.use-case';
import { InMemorySegmentStates } from './definitions-test.fakes';
import {
  CUSTOMER_REEVALUATOR,
  SEGMENT_CATALOG_PROVIDER,
  SEGMENT_STATE_STORE,
} from './definitions.tokens';
import {
  SEGMENT_DEFINITIONS_CONTROLLERS,
  segmentDefinitionsProviders,
} from './segment-definitions.providers';

const infra = testInfra();
const isolation = newIsolation('segdef');

/** The management's providers on real Postgres, with the hot store and the runner in memory. */
@Module({})
class DefinitionsTestModule {
  static forRoot(
    config: ServiceConfig,
    logger: Logger,
    telemetry: TelemetryHandle,
    states: InMemorySegmentStates,
  ): DynamicModule {
    return {
      module: DefinitionsTestModule,
      imports: platformInfrastructure({
        config,
        logger,
        telemetry,
        runMigrations: true,
        usesRedis: true,
      }),
      controllers: SEGMENT_DEFINITIONS_CONTROLLERS,
      providers: [
        ...segmentDefinitionsProviders({
          catalogRefreshMs: 50,
          backfillPollMs: 50,
          backfillPageSize: 3,
          backfillLeaseMs: 5_000,
          quantilesIntervalMs: 0,
          sizeSampleIntervalMs: 60_000,
        }),
        { provide: SEGMENT_STATE_STORE, useValue: states },
        { provide: CUSTOMER_REEVALUATOR, useValue: states },
      ],
    };
  }
}

const gold = {
  kind: 'compare',
  op: '=',
  left: { kind: 'profile', attribute: 'tier' },
  right: 'gold',
};
const rich = {
  kind: 'compare',
  op: '>=',
  left: { kind: 'profile', attribute: 'balance' },
  right: 1_000,
};
const body = (id: string, condition: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Segment ${id}`,
  description: 'int test',
  owner: 'growth-team',
  strategy: 'treat well',
  condition,
  ...extra,
});

interface JobView {
  id: string;
  status: string;
  kind: string;
  processed: number;
  total: number | null;
  changes: number;
  progress: number | null;
}

describe('segment definitions API (real Postgres)', () => {
  let app: NestFastifyApplication;
  let telemetry: TelemetryHandle;
  let dataSource: DataSource;
  let config: ServiceConfig;
  let baseUrl: string;
  const states = new InMemorySegmentStates();
  const id = (name: string) => `${name}-${isolation.id}`;

  beforeAll(async () => {
    config = loadServiceConfig(
      'segmentation',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' }),
    );
    const logger = createLogger({ serviceName: 'segmentation', level: 'warn' });
    telemetry = startTelemetry({
      serviceName: 'segmentation',
      otlpEndpoint: undefined,
      disabled: true,
    });
    for (let i = 0; i < 8; i++)
      states.put(`c${i}`, { tier: i % 2 === 0 ? 'gold' : 'silver', balance: i * 300 });
    app = await NestFactory.create<NestFastifyApplication>(
      DefinitionsTestModule.forRoot(config, logger, telemetry, states),
      new FastifyAdapter(),
      { logger: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter(logger, DEFINITIONS_STATUS_BY_CODE));
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    dataSource = app.get<DataSource>(DATA_SOURCE);
  }, 90_000);

  afterAll(async () => {
    // The app first, its pollers with it: none may poll a dropped schema.
    await app?.close();
    await telemetry?.shutdown();
    await removeIsolation(infra, isolation);
  }, 60_000);

  const call = async (
    method: string,
    path: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        'x-actor': 'ana@example.test',
        ...headers,
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      type,
      location: response.headers.get('location'),
      // JSON.parse's own type: the assertions below check the shape.
      body: /application\/(problem\+)?json/.test(type) && text !== '' ? JSON.parse(text) : text,
    };
  };

  /** Polls the job until it leaves queued/running (the runner works in the background). */
  async function settled(jobId: string, timeoutMs = 20_000): Promise<JobView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body: job } = await call('GET', `/v1/backfill-jobs/${jobId}`);
      if (job.status !== 'queued' && job.status !== 'running') return job as JobView;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('creates a draft with its author and a stable code, and lists it by owner and status', async () => {
    const created = await call('POST', '/v1/segment-definitions', body(id('gold'), gold));
    expect(created.status).toBe(201);
    expect(created.location).toBe(`/v1/segment-definitions/${id('gold')}`);
    expect(created.body).toMatchObject({
      id: id('gold'),
      status: 'draft',
      activeVersion: null,
      latestVersion: 1,
      versions: [{ version: 1, status: 'draft', createdBy: 'ana@example.test', condition: gold }],
    });
    expect(created.body.code).toBeGreaterThan(0);

    const listed = await call('GET', '/v1/segment-definitions?owner=growth-team&status=draft');
    expect(listed.body.definitions.map((d: { id: string }) => d.id)).toContain(id('gold'));
    const active = await call('GET', '/v1/segment-definitions?owner=growth-team&status=active');
    expect(active.body.definitions.map((d: { id: string }) => d.id)).not.toContain(id('gold'));
    expect((await call('GET', '/v1/segment-definitions?status=live')).status).toBe(400);
  });

  it('answers 422 with JSON pointers to the offending nodes, 409 for a taken id', async () => {
    const invalid = await call(
      'POST',
      '/v1/segment-definitions',
      body(id('broken'), {
        kind: 'and',
        rules: [
          gold,
          {
            kind: 'compare',
            op: '>=',
            left: { kind: 'aggregate', fn: 'sum', event: 'purchase.completed' },
            right: 1,
          },
        ],
      }),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.type).toContain('application/problem+json');
    expect(invalid.body).toMatchObject({
      code: 'INVALID_DEFINITION',
      errors: [{ path: '/condition/rules/1/left/field', code: 'missing_field' }],
    });

    const missing = await call('POST', '/v1/segment-definitions', { id: id('x') });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['/name', '/owner', '/strategy', '/condition']),
    );

    const taken = await call('POST', '/v1/segment-definitions', body(id('gold'), gold));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('SEGMENT_DEFINITION_EXISTS');
    expect((await call('GET', `/v1/segment-definitions/${id('nobody')}`)).status).toBe(404);
  });

  it('edits a draft in place, previews it against the hot store with a sample and reasons', async () => {
    const edited = await call('PUT', `/v1/segment-definitions/${id('gold')}`, {
      ...body(id('gold'), gold),
      strategy: 'call them first',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 1, status: 'draft', strategy: 'call them first' });

    const preview = await call('POST', `/v1/segment-definitions/${id('gold')}/versions/1:preview`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      segmentId: id('gold'),
      version: 1,
      scanned: 8,
      matched: 4,
      share: 0.5,
      complete: true,
      estimatedSize: 4,
    });
    expect(preview.body.sample).toHaveLength(4);
    expect(preview.body.sample[0]).toMatchObject({
      customerId: 'c0',
      values: { 'profile(tier)': 'gold' },
    });

    const bounded = await call(
      'POST',
      `/v1/segment-definitions/${id('gold')}/versions/1:preview?limit=3`,
    );
    expect(bounded.body).toMatchObject({ scanned: 3, complete: false });
    expect(
      (await call('POST', `/v1/segment-definitions/${id('gold')}/versions/1:explode`)).status,
    ).toBe(400);
    expect(
      (await call('POST', `/v1/segment-definitions/${id('gold')}/versions/9:preview`)).status,
    ).toBe(404);
    // Previewing changes nothing.
    expect(states.membersOf(id('gold'))).toEqual([]);
  });

  it('activates once (idempotent), backfills everyone in pages and reports progress', async () => {
    const [first, second] = await Promise.all([
      call('POST', `/v1/segment-definitions/${id('gold')}/versions/1:activate`),
      call('POST', `/v1/segment-definitions/${id('gold')}/versions/1:activate`),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 202]);
    expect(first.body.job.id).toBe(second.body.job.id);
    const started = first.status === 202 ? first : second;
    expect(started.location).toBe(`/v1/backfill-jobs/${started.body.job.id}`);
    expect(started.body.definition).toMatchObject({ status: 'active', activeVersion: 1 });

    const job = await settled(started.body.job.id);
    expect(job).toMatchObject({
      status: 'done',
      kind: 'activate',
      processed: 8,
      total: 8,
      progress: 1,
      changes: 4,
    });
    expect(states.membersOf(id('gold'))).toEqual(['c0', 'c2', 'c4', 'c6']);
    const jobs = (await dataSource.query(
      `SELECT count(*)::int AS n FROM backfill_job WHERE scope = $1`,
      [id('gold')],
    )) as Array<{ n: number }>;
    expect(jobs[0]?.n).toBe(1);
  });

  it('versions an edit of an active definition and supersedes the old version on activation', async () => {
    const edit = await call('PUT', `/v1/segment-definitions/${id('gold')}`, body(id('gold'), rich));
    expect(edit.status).toBe(201);
    expect(edit.body).toMatchObject({ version: 2, status: 'draft' });
    expect(
      (await call('GET', `/v1/segment-definitions/${id('gold')}/versions/1`)).body.status,
    ).toBe('active');

    const activated = await call(
      'POST',
      `/v1/segment-definitions/${id('gold')}/versions/2:activate`,
    );
    expect(activated.status).toBe(202);
    expect(activated.body.job.kind).toBe('edit');
    await settled(activated.body.job.id);
    const definition = (await call('GET', `/v1/segment-definitions/${id('gold')}`)).body;
    expect(
      definition.versions.map((v: { version: number; status: string }) => [v.version, v.status]),
    ).toEqual([
      [2, 'active'],
      [1, 'superseded'],
    ]);
    // balance = i · 300 ≥ 1000 for i ≥ 4
    expect(states.membersOf(id('gold'))).toEqual(['c4', 'c5', 'c6', 'c7']);
  });

  it('cancels the open job of a segment when a newer version is activated', async () => {
    const silver = { ...gold, right: 'silver' };
    expect((await call('POST', '/v1/segment-definitions', body(id('silver'), gold))).status).toBe(
      201,
    );
    // The first job must still be open when the second version is activated: its scan waits
    // (eight in-memory customers would otherwise be done in a few milliseconds).
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scan = states.scanCustomerIds.bind(states);
    const held = jest.spyOn(states, 'scanCustomerIds').mockImplementation(async (cursor, count) => {
      await gate;
      return scan(cursor, count);
    });
    try {
      const first = await call(
        'POST',
        `/v1/segment-definitions/${id('silver')}/versions/1:activate`,
      );
      expect(
        (await call('PUT', `/v1/segment-definitions/${id('silver')}`, body(id('silver'), silver)))
          .status,
      ).toBe(201);
      const second = await call(
        'POST',
        `/v1/segment-definitions/${id('silver')}/versions/2:activate`,
      );
      expect(second.status).toBe(202);
      const cancelled = (await call('GET', `/v1/backfill-jobs/${first.body.job.id}`)).body;
      // Cancelled at once, in the activation's transaction, whether or not it had started.
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        error: expect.stringContaining('superseded'),
      });
      release();
      expect(await settled(second.body.job.id)).toMatchObject({ status: 'done', kind: 'edit' });
    } finally {
      release();
      held.mockRestore();
    }
    expect(states.membersOf(id('silver'))).toEqual(['c1', 'c3', 'c5', 'c7']);
  });

  it('refuses an activation or a draft that would close an inSegment cycle', async () => {
    const ref = { kind: 'inSegment', segmentId: id('gold') };
    const created = await call('POST', '/v1/segment-definitions', body(id('ref'), ref));
    expect(created.status).toBe(201);
    expect(
      (await call('POST', `/v1/segment-definitions/${id('ref')}/versions/1:activate`)).status,
    ).toBe(202);
    const cycle = await call(
      'PUT',
      `/v1/segment-definitions/${id('gold')}`,
      body(id('gold'), {
        kind: 'and',
        rules: [rich, { kind: 'inSegment', segmentId: id('ref') }],
      }),
    );
    expect(cycle.status).toBe(422);
    expect(cycle.body).toMatchObject({
      code: 'SEGMENT_CYCLE',
      errors: [{ path: '/condition/rules/1', code: 'segment_cycle' }],
    });
    // Retiring a segment another active one references is refused too.
    const inUse = await call('POST', `/v1/segment-definitions/${id('gold')}:retire`);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ code: 'SEGMENT_IN_USE' });
    const retiredRef = await call('POST', `/v1/segment-definitions/${id('ref')}:retire`);
    expect(retiredRef.status).toBe(202);
    await settled(retiredRef.body.job.id);
  });

  it('retires: every membership is closed in the background; retiring again changes nothing', async () => {
    const retired = await call('POST', `/v1/segment-definitions/${id('gold')}:retire`);
    expect(retired.status).toBe(202);
    expect(retired.body.definition).toMatchObject({ status: 'retired', activeVersion: null });
    const job = await settled(retired.body.job.id);
    expect(job).toMatchObject({ status: 'done', kind: 'retire', processed: 8 });
    expect(states.membersOf(id('gold'))).toEqual([]);
    expect(
      states.changes
        .filter((c) => c.segmentId === id('gold') && c.change === 'exited')
        .map((c) => c.customerId)
        .sort(),
    ).toEqual(['c0', 'c2', 'c4', 'c5', 'c6', 'c7']);
    const again = await call('POST', `/v1/segment-definitions/${id('gold')}:retire`);
    expect(again.status).toBe(200);
    expect(again.body.job.id).toBe(retired.body.job.id);
    const never = await call('POST', '/v1/segment-definitions', body(id('never'), gold));
    expect(never.status).toBe(201);
    expect((await call('POST', `/v1/segment-definitions/${id('never')}:retire`)).status).toBe(409);
  });

  it('lists the model packs and installs one as editable drafts, idempotently, then activates it', async () => {
    const packs = await call('GET', '/v1/segment-packs');
    expect(packs.body.packs.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining(['value-tier', 'rfm', 'lifecycle-stage']),
    );
    const first = await call('POST', '/v1/segment-packs/value-tier:install');
    expect(first.status).toBe(200);
    expect(first.body.job).toBeNull();
    expect(first.body.definitions.every((d: { created: boolean }) => d.created)).toBe(true);
    const ids = first.body.definitions.map((d: { id: string }) => d.id) as string[];
    const again = await call('POST', '/v1/segment-packs/value-tier:install', { activate: false });
    expect(again.body.definitions.some((d: { created: boolean }) => d.created)).toBe(false);

    // Installed definitions are ordinary ones: editable (still version 1 while a draft).
    const vip = (await call('GET', `/v1/segment-definitions/${ids[0]}`)).body;
    expect(vip).toMatchObject({
      status: 'draft',
      versions: [{ pack: 'value-tier', owner: 'model-pack:value-tier' }],
    });
    const edited = await call('PUT', `/v1/segment-definitions/${ids[0]}`, {
      ...vip.versions[0],
      id: undefined,
      version: undefined,
      status: undefined,
      createdBy: undefined,
      createdAt: undefined,
      changedBy: undefined,
      updatedAt: undefined,
      activatedAt: undefined,
      retiredAt: undefined,
      description: 'our own VIP threshold',
    });
    expect(edited.status).toBe(200);

    const activated = await call('POST', '/v1/segment-packs/value-tier:install', {
      activate: true,
    });
    expect(activated.status).toBe(202);
    expect(activated.body.definitions.every((d: { activated: boolean }) => d.activated)).toBe(true);
    expect(await settled(activated.body.job.id)).toMatchObject({ status: 'done', processed: 8 });
    const listed = await call('GET', '/v1/segment-definitions?pack=value-tier&status=active');
    expect(listed.body.definitions).toHaveLength(ids.length);
    const repeat = await call('POST', '/v1/segment-packs/value-tier:install', { activate: true });
    expect(repeat.status).toBe(200);
    expect(repeat.body.job).toBeNull();
    expect((await call('POST', '/v1/segment-packs/astrology:install')).status).toBe(404);
    expect((await call('POST', '/v1/segment-packs/rfm:install', { activate: 'yes' })).status).toBe(
      400,
    );
  });

  it('resumes an abandoned running job at its saved cursor', async () => {
    const reevaluatedBefore = states.reevaluated.length;
    const [row] = (await dataSource.query(
      `INSERT INTO backfill_job (scope, kind, status, processed, changes, total, cursor, attempts, lease_until, started_at)
       VALUES ('resume-test', 'quantiles', 'running', 6, 0, 8, '6', 1, now() - interval '1 minute', now())
       RETURNING id`,
    )) as Array<{ id: string }>;
    const job = await settled(row!.id);
    expect(job).toMatchObject({ status: 'done', processed: 8, total: 8 });
    // Only the customers after the saved cursor were re-evaluated.
    expect(states.reevaluated.slice(reevaluatedBefore)).toEqual(['c6', 'c7']);
    const [attempts] = (await dataSource.query(`SELECT attempts FROM backfill_job WHERE id = $1`, [
      row!.id,
    ])) as Array<{ attempts: number }>;
    expect(attempts?.attempts).toBe(2);
    expect((await call('GET', '/v1/backfill-jobs/not-a-uuid')).status).toBe(404);
  });

  it('pages members by cursor, exports them as NDJSON and CSV, and reports sizes', async () => {
    const segmentId = 'value-tier.vip';
    await dataSource.query(
      `INSERT INTO segment_membership (customer_id, segment_id, definition_version, entered_at, reason)
       SELECT 'm' || i, $1, 1, now(), jsonb_build_object('summary', 'value, = ' || i, 'values', '{}'::jsonb)
         FROM generate_series(1, 5) AS i
       ON CONFLICT DO NOTHING`,
      [segmentId],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await call('GET', `/v1/segments/${segmentId}/members?limit=2${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.members.map((m: { customerId: string }) => m.customerId));
      cursor = page.body.nextCursor as string | null;
      pages += 1;
    } while (cursor !== null);
    expect(seen).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(pages).toBe(3);

    const ndjson = await call('GET', `/v1/segments/${segmentId}/members?format=ndjson`);
    expect(ndjson.type).toContain('application/x-ndjson');
    const lines = (ndjson.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { customerId: string });
    expect(lines.map((l) => l.customerId)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    const csv = await call('GET', `/v1/segments/${segmentId}/members?format=csv`);
    expect(csv.type).toContain('text/csv');
    expect((csv.body as string).split('\r\n')).toEqual([
      'customer_id,definition_version,entered_at,reason_summary',
      ...[1, 2, 3, 4, 5].map((i) =>
        expect.stringMatching(new RegExp(`^m${i},1,.*,"value, = ${i}"$`)),
      ),
      '',
    ]);
    expect((await call('GET', `/v1/segments/${segmentId}/members?cursor=%%%`)).status).toBe(400);
    expect((await call('GET', `/v1/segments/${segmentId}/members?format=xml`)).status).toBe(400);
    expect((await call('GET', `/v1/segments/nothing-here/members`)).status).toBe(404);

    const size = await call('GET', `/v1/segments/${segmentId}/size`);
    expect(size.body).toMatchObject({
      segmentId,
      active: true,
      durable: 5,
      live: states.membersOf(segmentId).length,
    });
    // A retired segment has no live members, whatever its (no longer maintained) bitmap holds.
    const retired = await call('GET', `/v1/segments/${id('gold')}/size`);
    expect(retired.body).toMatchObject({ active: false, live: 0, durable: 0 });

    const written = await app.get(SegmentSizeSampler).sample();
    expect(written).toBeGreaterThan(0);
    const history = await call('GET', `/v1/segments/${segmentId}/size-history`);
    expect(history.body.samples).toEqual([
      { at: expect.any(String), size: states.membersOf(segmentId).length },
    ]);
    // A second sample in the same slot is not written twice, and its bitmaps are not counted.
    const counting = jest.spyOn(states, 'segmentSizes');
    expect(await app.get(SegmentSizeSampler).sample()).toBe(0);
    expect(counting).not.toHaveBeenCalled();
    counting.mockRestore();

    // Retention: every sample for 35 days, then one an hour for 800 days, then nothing.
    const nowMs = Date.parse('2026-11-26T12:00:00.000Z');
    const daysAgo = (days: number, minutes = 0) =>
      new Date(nowMs - days * 86_400_000 + minutes * 60_000).toISOString();
    const kept = [daysAgo(1, 7), daysAgo(40), daysAgo(799)];
    const dropped = [daysAgo(40, 7), daysAgo(801)];
    await dataSource.query(
      `INSERT INTO segment_size_sample (segment_id, sampled_at, size)
       SELECT 'retention-probe', unnest($1::timestamptz[]), 1`,
      [[...kept, ...dropped]],
    );
    expect(await app.get(SegmentSizeSampler).prune(nowMs)).toBeGreaterThanOrEqual(dropped.length);
    const left = (await dataSource.query(
      `SELECT sampled_at FROM segment_size_sample WHERE segment_id = 'retention-probe' ORDER BY sampled_at`,
    )) as Array<{ sampled_at: Date }>;
    expect(left.map((row) => row.sampled_at.toISOString()).sort()).toEqual([...kept].sort());
  });

  it("serves a customer's segments with reasons, 308 for a merged customer", async () => {
    await dataSource.query(
      `INSERT INTO segment_customer_state (customer_id, state, seq, merged_into) VALUES ('gone-1', '{}', 1, 'm1')`,
    );
    const own = await call('GET', '/v1/customers/m1/segments');
    expect(own.body).toMatchObject({
      customerId: 'm1',
      segments: [
        { segmentId: 'value-tier.vip', definitionVersion: 1, reason: { summary: 'value, = 1' } },
      ],
    });
    const merged = await fetch(`${baseUrl}/v1/customers/gone-1/segments`, { redirect: 'manual' });
    expect(merged.status).toBe(308);
    expect(merged.headers.get('location')).toBe('/v1/customers/m1/segments');
    expect((await call('GET', '/v1/customers/nobody/segments')).status).toBe(404);
  });

  it('recomputes quantile tables, and re-evaluates only when the cuts moved', async () => {
    const first = await call('POST', '/v1/quantile-tables:recompute');
    expect(first.status).toBe(200);
    expect(first.body.tables.length).toBeGreaterThan(0);
    expect(first.body.changed.length).toBe(first.body.tables.length);
    expect(first.body.job).toMatchObject({ kind: 'quantiles' });
    await settled(first.body.job.id);
    const second = await call('POST', '/v1/quantile-tables:recompute');
    expect(second.body).toMatchObject({ changed: [], job: null });
    const listed = await call('GET', '/v1/quantile-tables');
    expect(listed.body.tables.map((t: { name: string }) => t.name)).toEqual(
      first.body.tables.map((t: { name: string }) => t.name).sort(),
    );
  });

  it('lists every version of every segment on /v1/segments, the seeded legacy rule included', async () => {
    const segments = await call('GET', '/v1/segments');
    expect(segments.body.segments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'repeated-complainers',
          version: 1,
          status: 'active',
          condition: expect.objectContaining({ kind: 'gte' }),
        }),
      ]),
    );
  });
  it('installs and activates every built-in pack at once (boot option, CLI) into one catalog', async () => {
    const installer = app.get(InstallModelPacksUseCase);
    const result = await installer.install(Object.keys(MODEL_PACKS), {
      activate: true,
      actor: 'boot:built-in-packs',
    });
    const all = builtInDefinitions().map((d) => d.id);
    expect(result.definitions.map((d) => d.id)).toEqual(all);
    expect(result.job).toMatchObject({ scope: 'pack:*', kind: 'activate' });
    await settled(result.job!.id);
    const catalog = await app.get<SegmentCatalogProvider>(SEGMENT_CATALOG_PROVIDER).refresh();
    const active = new Set(catalog.active.map((segment) => segment.id));
    expect(all.filter((id) => !active.has(id))).toEqual([]);
    // The seeded first-form rule is translated and compiled alongside.
    expect(active.has('repeated-complainers')).toBe(true);
  });
});
