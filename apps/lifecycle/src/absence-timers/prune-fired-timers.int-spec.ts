import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import { DATA_SOURCE, runMigrations } from '@cip/persistence';
import { INBOX_PRUNE_SCHEDULER, type RetentionPruneScheduler } from '@cip/service-kit';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  seedInboxRetentionProbe,
  serviceEnv,
  testInfra,
} from '@cip/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LifecycleModule } from '../lifecycle.module';
import { FIRED_TIMER_PRUNE_SCHEDULER } from './prune-fired-timers.providers';

const DAY = 86_400_000;

/**
 * The retention prune on real Postgres, wired from the environment (ABSENCE_TIMER_*): rows are
 * seeded, time is the module's injected clock, the prune is called, not waited for.
 */
describe('lifecycle: settled absence timers are pruned after the retention', () => {
  const infra = testInfra();
  const isolation = newIsolation('timerprune');
  const now = new Date('2025-06-02T12:00:00.000Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, {
        OTEL_SDK_DISABLED: 'true',
        ABSENCE_TIMER_RETENTION_DAYS: '30',
        ABSENCE_TIMER_PRUNE_INTERVAL_MS: '0',
      }),
    );
    await createTopics(infra.kafkaBrokers, isolation.topicPrefix);
    await runMigrations('lifecycle', config);
    app = await NestFactory.create<NestFastifyApplication>(
      LifecycleModule.forRoot({
        config,
        logger: createLogger({ serviceName: 'lifecycle', level: 'warn' }),
        telemetry: startTelemetry({
          serviceName: 'lifecycle',
          otlpEndpoint: undefined,
          disabled: true,
        }),
        clock: { now: () => now },
        alertExpirySweepMs: 0,
      }),
      new FastifyAdapter(),
      { logger: false },
    );
    await app.init();
    dataSource = app.get<DataSource>(DATA_SOURCE);
  });

  afterAll(async () => {
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  interface Timer {
    customerId: string;
    triggerId?: string;
    status: 'armed' | 'fired' | 'cancelled' | 'suppressed' | 'dropped';
    armedDaysAgo: number;
    settledDaysAgo?: number;
  }

  /** Inserts the timers, each with a fresh id; returns the ids in order. */
  async function seed(timers: readonly Timer[]): Promise<string[]> {
    const ids: string[] = [];
    for (const t of timers) {
      const timerId = `timer-${randomUUID()}`;
      ids.push(timerId);
      await dataSource.query(
        `INSERT INTO absence_timer (timer_id, customer_id, trigger_id, correlation_key,
           armed_by_event_id, armed_by_event_type, correlation_id, armed_at, due_at, status,
           settled_at, settled_by)
         VALUES ($1, $2, $3, '', $4, 'complaint.filed', $4, $5, $6, $7, $8, $9)`,
        [
          timerId,
          t.customerId,
          t.triggerId ?? 'complaint-unresolved-48h',
          `event-${timerId}`,
          daysAgo(t.armedDaysAgo),
          // Armed timers stay in the future, so the module's poller leaves them alone.
          t.status === 'armed' ? new Date(now.getTime() + DAY) : daysAgo(t.armedDaysAgo - 2),
          t.status,
          t.settledDaysAgo === undefined ? null : daysAgo(t.settledDaysAgo),
          t.status === 'armed' ? null : 'x',
        ],
      );
    }
    return ids;
  }

  const remaining = async (ids: readonly string[]): Promise<string[]> =>
    (
      (await dataSource.query(`SELECT timer_id FROM absence_timer WHERE timer_id = ANY($1)`, [
        [...ids],
      ])) as Array<{ timer_id: string }>
    )
      .map((row) => row.timer_id)
      .sort();

  it('deletes settled timers past the retention, keeping armed ones, recent ones and the newest per customer and trigger', async () => {
    const c = () => `cust-${randomUUID().slice(0, 8)}`;
    const [c1, c2, c3, c4, c5] = [c(), c(), c(), c(), c()];
    const [oldFired, oldCancelled, newestOld] = await seed([
      { customerId: c1, status: 'fired', armedDaysAgo: 42, settledDaysAgo: 40 },
      { customerId: c1, status: 'cancelled', armedDaysAgo: 36, settledDaysAgo: 35 },
      { customerId: c1, status: 'suppressed', armedDaysAgo: 33, settledDaysAgo: 31 },
    ]);
    // The only timer of its (customer, trigger): the arm-once marker stays, however old.
    const [onlyOne, otherTrigger] = await seed([
      { customerId: c2, status: 'fired', armedDaysAgo: 102, settledDaysAgo: 100 },
      { customerId: c2, triggerId: 'other', status: 'fired', armedDaysAgo: 5, settledDaysAgo: 3 },
    ]);
    const [beforeArmed, armed] = await seed([
      { customerId: c3, status: 'dropped', armedDaysAgo: 42, settledDaysAgo: 40 },
      { customerId: c3, status: 'armed', armedDaysAgo: 1 },
    ]);
    const [recent, recentNewer] = await seed([
      { customerId: c4, status: 'fired', armedDaysAgo: 12, settledDaysAgo: 10 },
      { customerId: c4, status: 'cancelled', armedDaysAgo: 5, settledDaysAgo: 4 },
    ]);
    const [oldArmed, newerThanArmed] = await seed([
      { customerId: c5, status: 'armed', armedDaysAgo: 100 },
      { customerId: c5, status: 'fired', armedDaysAgo: 3, settledDaysAgo: 1 },
    ]);
    const all = [
      oldFired,
      oldCancelled,
      newestOld,
      onlyOne,
      otherTrigger,
      beforeArmed,
      armed,
      recent,
      recentNewer,
      oldArmed,
      newerThanArmed,
    ].map((id) => id ?? '');

    const scheduler = app.get<RetentionPruneScheduler>(FIRED_TIMER_PRUNE_SCHEDULER);
    expect(await scheduler.pruneOnce()).toBe(3);
    expect(await remaining(all)).toEqual(
      [newestOld, onlyOne, otherTrigger, armed, recent, recentNewer, oldArmed, newerThanArmed]
        .map((id) => id ?? '')
        .sort(),
    );
    // Nothing left to prune: a second run (or a second instance) deletes nothing more.
    expect(await scheduler.pruneOnce()).toBe(0);
  });

  it('prunes inbox rows past INBOX_RETENTION_DAYS (default 8) and keeps newer ones', async () => {
    const probe = await seedInboxRetentionProbe(dataSource);
    expect(await app.get<RetentionPruneScheduler>(INBOX_PRUNE_SCHEDULER).pruneOnce()).toBe(1);
    expect(await probe.remaining()).toEqual(['kept']);
  });
});
