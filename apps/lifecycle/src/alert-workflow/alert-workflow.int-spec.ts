import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import { DATA_SOURCE, runMigrations } from '@cip/persistence';
import { ProblemDetailsFilter } from '@cip/service-kit';
import { createLogger, startTelemetry } from '@cip/telemetry';
import { createTopics, newIsolation, removeIsolation, serviceEnv, testInfra } from '@cip/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LIFECYCLE_STATUS_BY_CODE, LifecycleModule } from '../lifecycle.module';
import { AlertExpirySweeper } from './alert-expiry.sweeper';

const HOUR = 3_600_000;

/**
 * The alert workflow API on real Postgres (and the module's real Kafka consumers idling): alerts
 * are seeded as rows, time is the module's injected clock, the sweep is called, not waited for.
 */
describe('lifecycle: alert workflow API', () => {
  const infra = testInfra();
  const isolation = newIsolation('alertflow');
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let now = new Date('2025-06-02T12:00:00.000Z');

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true' }),
    );
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    await runMigrations('lifecycle', config);
    const logger = createLogger({ serviceName: 'lifecycle', level: 'warn' });
    const telemetry = startTelemetry({
      serviceName: 'lifecycle',
      otlpEndpoint: undefined,
      disabled: true,
    });
    app = await NestFactory.create<NestFastifyApplication>(
      LifecycleModule.forRoot({
        config,
        logger,
        telemetry,
        clock: { now: () => now },
        alertExpirySweepMs: 0,
      }),
      new FastifyAdapter(),
      { logger: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter(logger, LIFECYCLE_STATUS_BY_CODE));
    app.enableShutdownHooks();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    dataSource = app.get<DataSource>(DATA_SOURCE);
  });

  afterAll(async () => {
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  interface Seed {
    customerId?: string;
    triggerId?: string;
    severity?: string;
    status?: string;
    raisedAt?: Date;
    deadline?: Date | null;
  }

  async function seed(s: Seed = {}): Promise<{ alertId: string; customerId: string }> {
    const alertId = `alert-${randomUUID()}`;
    const customerId = s.customerId ?? `cust-${randomUUID().slice(0, 8)}`;
    const raisedAt = s.raisedAt ?? new Date(now.getTime() - HOUR);
    await dataSource.query(
      `INSERT INTO alert (alert_id, customer_id, trigger_id, severity, status, reason, evidence,
         suggested_strategy, value_tier, raised_at, deadline, caused_by_event_id)
       VALUES ($1, $2, $3, $4, $5, 'test', '{}'::jsonb, 'call', 'unknown', $6, $7, $8)`,
      [
        alertId,
        customerId,
        s.triggerId ?? 'repeated-complaints',
        s.severity ?? 'high',
        s.status ?? 'open',
        raisedAt,
        s.deadline === undefined ? new Date(raisedAt.getTime() + 72 * HOUR) : s.deadline,
        `cause-${alertId}`,
      ],
    );
    return { alertId, customerId };
  }

  const http = () => app.getHttpAdapter().getInstance();

  function transition(
    alertId: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    return http().inject({
      method: 'POST',
      url: `/v1/alerts/${alertId}/transitions`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });
  }

  it('GET /v1/alerts/:id answers the alert with its ETag and history; unknown ids are 404 problems', async () => {
    const { alertId } = await seed();
    const response = await http().inject({ method: 'GET', url: `/v1/alerts/${alertId}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['etag']).toBe('"1"');
    expect(response.json()).toMatchObject({
      alertId,
      status: 'open',
      version: 1,
      reviewDueAt: new Date(now.getTime() - HOUR + 48 * HOUR).toISOString(),
      reviewOverdue: false,
      history: [],
    });

    const missing = await http().inject({ method: 'GET', url: '/v1/alerts/alert-nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ code: 'ALERT_NOT_FOUND' });
  });

  it('walks open → acknowledged → actioned → resolved with If-Match, recording actor, time and note', async () => {
    const { alertId } = await seed();
    const ack = await transition(
      alertId,
      { to: 'acknowledged', actor: 'supervisor-3', note: 'assigned to agent 17' },
      { 'if-match': '"1"' },
    );
    expect(ack.statusCode).toBe(200);
    expect(ack.headers['etag']).toBe('"2"');

    const actioned = await transition(alertId, {
      to: 'actioned',
      actor: 'call-center/agent-17',
      expectedVersion: 2,
    });
    expect(actioned.statusCode).toBe(200);
    const resolved = await transition(
      alertId,
      { to: 'resolved', actor: 'call-center/agent-17', outcome: 'saved', note: 'credit accepted' },
      { 'if-match': '"3"' },
    );
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      outcome: 'saved',
      version: 4,
      acknowledgedAt: now.toISOString(),
      actionedAt: now.toISOString(),
      resolvedAt: now.toISOString(),
      transition: { from: 'actioned', to: 'resolved', outcome: 'saved', version: 4 },
    });

    const detail = await http().inject({ method: 'GET', url: `/v1/alerts/${alertId}` });
    expect(detail.json<{ history: unknown[] }>().history).toEqual([
      {
        version: 2,
        from: 'open',
        to: 'acknowledged',
        outcome: null,
        actor: 'supervisor-3',
        note: 'assigned to agent 17',
        at: now.toISOString(),
      },
      {
        version: 3,
        from: 'acknowledged',
        to: 'actioned',
        outcome: null,
        actor: 'call-center/agent-17',
        note: null,
        at: now.toISOString(),
      },
      {
        version: 4,
        from: 'actioned',
        to: 'resolved',
        outcome: 'saved',
        actor: 'call-center/agent-17',
        note: 'credit accepted',
        at: now.toISOString(),
      },
    ]);
  });

  it('answers a stale If-Match with 412, a stale expectedVersion with 409, and changes nothing', async () => {
    const { alertId } = await seed();
    expect((await transition(alertId, { to: 'acknowledged', actor: 'a' })).statusCode).toBe(200);

    const stale = await transition(alertId, { to: 'actioned', actor: 'b' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'ALERT_PRECONDITION_FAILED' });
    const conflict = await transition(alertId, { to: 'actioned', actor: 'b', expectedVersion: 1 });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'ALERT_VERSION_CONFLICT' });

    const detail = await http().inject({ method: 'GET', url: `/v1/alerts/${alertId}` });
    expect(detail.json()).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(detail.json<{ history: unknown[] }>().history).toHaveLength(1);
  });

  it('of two concurrent transitions from the same version exactly one wins', async () => {
    const { alertId } = await seed();
    const results = await Promise.all(
      ['agent-1', 'agent-2', 'agent-3'].map((actor) =>
        transition(alertId, { to: 'acknowledged', actor }, { 'if-match': '"1"' }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412, 412]);
    const detail = await http().inject({ method: 'GET', url: `/v1/alerts/${alertId}` });
    expect(detail.json<{ history: unknown[] }>().history).toHaveLength(1);
  });

  it('refuses illegal transitions and malformed requests with machine-readable codes', async () => {
    const { alertId } = await seed();
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ to: 'resolved', actor: 'a', outcome: 'saved' }, 409, 'ILLEGAL_ALERT_TRANSITION'],
      [{ to: 'expired', actor: 'a' }, 409, 'ILLEGAL_ALERT_TRANSITION'],
      [{ to: 'acknowledged', actor: 'a', outcome: 'lost' }, 400, 'ALERT_OUTCOME_NOT_ALLOWED'],
      [{ to: 'closed', actor: 'a' }, 400, 'INVALID_ALERT_TRANSITION'],
      [{ to: 'acknowledged' }, 400, 'INVALID_ALERT_TRANSITION'],
    ];
    for (const [body, status, code] of cases) {
      const response = await transition(alertId, body);
      expect([body, response.statusCode, response.json<{ code: string }>().code]).toEqual([
        body,
        status,
        code,
      ]);
    }
    const late = await seed({ deadline: new Date(now.getTime() - 1) });
    const tooLate = await transition(late.alertId, { to: 'acknowledged', actor: 'a' });
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json()).toMatchObject({ code: 'ALERT_DEADLINE_PASSED' });
  });

  it('GET /v1/alerts filters by customer, status, severity and overdue review, paged by cursor', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const raised = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
    const overdue = await seed({ customerId, raisedAt: raised(50), severity: 'critical' });
    const fresh = await seed({ customerId, raisedAt: raised(2) });
    const acked = await seed({ customerId, raisedAt: raised(60) });
    await transition(acked.alertId, { to: 'acknowledged', actor: 'a' });
    const others = await Promise.all(
      [3, 4, 5].map((h) => seed({ customerId, raisedAt: raised(h) })),
    );

    const list = async (query: string) => {
      const response = await http().inject({ method: 'GET', url: `/v1/alerts?${query}` });
      expect(response.statusCode).toBe(200);
      return response.json<{
        customerId?: string;
        alerts: Array<{ alertId: string; reviewOverdue: boolean }>;
        nextCursor: string | null;
      }>();
    };

    const all = await list(`customerId=${customerId}`);
    expect(all.customerId).toBe(customerId);
    expect(all.alerts.map((a) => a.alertId)).toEqual([
      fresh.alertId,
      ...others.map((o) => o.alertId),
      overdue.alertId,
      acked.alertId,
    ]);
    expect(all.nextCursor).toBeNull();

    const onlyOverdue = await list(`customerId=${customerId}&overdue=true`);
    expect(onlyOverdue.alerts).toEqual([
      expect.objectContaining({ alertId: overdue.alertId, reviewOverdue: true }),
    ]);
    expect((await list(`customerId=${customerId}&status=acknowledged`)).alerts).toEqual([
      expect.objectContaining({ alertId: acked.alertId }),
    ]);
    expect(
      (await list(`customerId=${customerId}&severity=critical,low`)).alerts.map((a) => a.alertId),
    ).toEqual([overdue.alertId]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(
        `customerId=${customerId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.alerts.map((a) => a.alertId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(seen).toEqual(all.alerts.map((a) => a.alertId));

    const bad = await http().inject({ method: 'GET', url: '/v1/alerts?status=closed' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_ALERT_QUERY' });
    const badCursor = await http().inject({ method: 'GET', url: '/v1/alerts?cursor=xyz' });
    expect(badCursor.json()).toMatchObject({ code: 'INVALID_ALERT_QUERY' });
  });

  it('the expiry sweep expires each due alert exactly once, even with two sweeps at once', async () => {
    const due = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        seed({
          raisedAt: new Date(now.getTime() - 80 * HOUR),
          deadline: new Date(now.getTime() - (i + 1) * 1_000),
          status: i % 2 === 0 ? 'open' : 'acknowledged',
        }),
      ),
    );
    const notDue = await seed({ deadline: new Date(now.getTime() + HOUR) });
    const sweeper = app.get(AlertExpirySweeper);
    const [a, b] = await Promise.all([sweeper.sweepOnce(), sweeper.sweepOnce()]);
    expect(a + b).toBeGreaterThanOrEqual(due.length);

    const rows = (await dataSource.query(
      `SELECT a.alert_id, a.status, a.expired_at, count(t.*)::int AS steps
       FROM alert a LEFT JOIN alert_transition t ON t.alert_id = a.alert_id AND t.to_status = 'expired'
       WHERE a.alert_id = ANY($1::text[]) GROUP BY a.alert_id`,
      [[...due.map((d) => d.alertId), notDue.alertId]],
    )) as Array<{ alert_id: string; status: string; expired_at: Date | null; steps: number }>;
    const byId = new Map(rows.map((r) => [r.alert_id, r]));
    for (const { alertId } of due) {
      expect(byId.get(alertId)).toMatchObject({ status: 'expired', expired_at: now, steps: 1 });
    }
    expect(byId.get(notDue.alertId)).toMatchObject({ status: 'open', steps: 0 });
    // Nothing left to do: a third sweep finds none of them.
    expect(await sweeper.sweepOnce()).toBe(0);
  });

  it('GET /v1/alerts/summary counts a week of the workflow by programme, trigger and severity', async () => {
    // Its own week, far from the other tests' alerts: Monday 2024-01-08.
    const day = (d: number, h: number) => new Date(Date.UTC(2024, 0, d, h));
    await dataSource.query(
      `INSERT INTO trigger_definition (id, programme, description, condition, cooldown_seconds,
         severity_rule, deadline_hours, suggested_strategy, enabled)
       VALUES ('summary-activation', 'activation', 'test', '{"kind":"segment-entered","segmentId":"never"}'::jsonb,
         0, '{"kind":"fixed","severity":"low"}'::jsonb, NULL, 'none', false)`,
    );
    now = day(8, 9);
    const saved = await seed({ raisedAt: day(8, 8) });
    const lost = await seed({ raisedAt: day(8, 8), severity: 'critical' });
    const expires = await seed({ raisedAt: day(8, 8), deadline: day(10, 0) });
    const activation = await seed({
      raisedAt: day(9, 8),
      triggerId: 'summary-activation',
      severity: 'low',
    });
    for (const { alertId } of [saved, lost, activation]) {
      await transition(alertId, { to: 'acknowledged', actor: 'sup' });
      await transition(alertId, { to: 'actioned', actor: 'agent' });
    }
    now = day(11, 9);
    await transition(saved.alertId, { to: 'resolved', actor: 'agent', outcome: 'saved' });
    await transition(lost.alertId, { to: 'resolved', actor: 'agent', outcome: 'lost' });
    await app.get(AlertExpirySweeper).sweepOnce();
    const expired = await http().inject({ method: 'GET', url: `/v1/alerts/${expires.alertId}` });
    expect(expired.json()).toMatchObject({
      status: 'expired',
      expiredAt: day(11, 9).toISOString(),
      history: [{ from: 'open', to: 'expired', actor: 'system:expiry-sweep' }],
    });
    now = day(20, 0);

    const response = await http().inject({
      method: 'GET',
      url: '/v1/alerts/summary?period=week&from=2024-01-10',
    });
    expect(response.statusCode).toBe(200);
    const summary = response.json<Record<string, unknown>>();
    expect(summary).toMatchObject({
      period: 'week',
      from: '2024-01-08T00:00:00.000Z',
      to: '2024-01-15T00:00:00.000Z',
      totals: {
        raised: 4,
        acknowledged: 3,
        actioned: 3,
        saved: 1,
        lost: 1,
        noAction: 0,
        expired: 1,
        // Due 2024-01-10 08:00; only the expired one was never acknowledged.
        overdueReview: 1,
      },
      byProgramme: [
        expect.objectContaining({ programme: 'activation', raised: 1, actioned: 1 }),
        expect.objectContaining({ programme: 'anti-attrition', raised: 3, saved: 1, lost: 1 }),
      ],
      bySeverity: [
        expect.objectContaining({ severity: 'critical', lost: 1 }),
        expect.objectContaining({ severity: 'high', saved: 1, expired: 1 }),
        expect.objectContaining({ severity: 'low', raised: 1 }),
      ],
    });

    const day8 = await http().inject({
      method: 'GET',
      url: '/v1/alerts/summary?period=day&from=2024-01-08',
    });
    expect(day8.json()).toMatchObject({ totals: { raised: 3, acknowledged: 3, saved: 0 } });
    const bad = await http().inject({ method: 'GET', url: '/v1/alerts/summary?period=month' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_ALERT_QUERY' });
    now = new Date('2025-06-02T12:00:00.000Z');
  });
});
