import { CHURN_FEATURE_NAMES, type ChurnModelArtefact } from '@cip/churn-model';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import type { ContactEvent } from '@cip/contracts';
import {
  InMemoryCooldown,
  ScoreChurnRiskUseCase,
  type ActiveChurnModel,
  type FiredTrigger,
} from '@cip/lifecycle-domain';
import { createDataSource, runMigrations } from '@cip/persistence';
import { newIsolation, serviceEnv, testInfra } from '@cip/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PostgresChurnRiskStore } from './postgres-churn-risk.store';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const width = CHURN_FEATURE_NAMES.length;
const weights: Partial<Record<string, number>> = { openComplaints: 3.5, complaintsLast90Days: 0.5 };
/** One open complaint is high risk, none is low: filing and resolving crosses back and forth. */
const MODEL: ActiveChurnModel = {
  version: 'int-store',
  bandCuts: { high: 0.5, elevated: 0.3, highShare: 0.1, elevatedShare: 0.25 },
  artefact: {
    format: 'churn-logistic-regression/v1',
    modelVersion: 'int-store',
    trainedAt: '2026-01-01T00:00:00.000Z',
    featureNames: [...CHURN_FEATURE_NAMES],
    standardisation: { means: Array<number>(width).fill(0), stds: Array<number>(width).fill(1) },
    weights: CHURN_FEATURE_NAMES.map((name) => weights[name] ?? 0),
    bias: -3,
    training: {
      snapshots: ['2026-01-01T00:00:00.000Z'],
      horizonDays: 60,
      heldOutShare: 0.3,
      l2: 0.01,
      learningRate: 0.5,
      iterations: 1,
      rows: 0,
      positives: 0,
      finalLogLoss: 0,
    },
    metrics: { heldOut: { rows: 0, positives: 0, auc: null, precisionAtTop10Percent: null } },
  } as ChurnModelArtefact,
};

/**
 * The churn store's batch writes on real Postgres: a history fed as partition batches (repeats,
 * late events, events old enough to be pruned) ends in the scores, histories and alerts that
 * feeding it one event at a time gives, and a redelivered batch changes nothing.
 */
describe('PostgresChurnRiskStore: batches = one by one', () => {
  const infra = testInfra();
  const isolation = newIsolation('lcchurnst');
  let config: ServiceConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true', DATABASE_POOL_SIZE: '3' }),
    );
    await runMigrations('lifecycle', config);
    dataSource = await createDataSource('lifecycle', config).initialize();
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
    await dataSource?.destroy();
  });

  function useCase(published: FiredTrigger[]) {
    return new ScoreChurnRiskUseCase({
      store: new PostgresChurnRiskStore(dataSource, 'spec.churn-store'),
      models: { current: () => MODEL },
      cooldown: new InMemoryCooldown(),
      publisher: { publish: async (fired) => void published.push(...fired) },
      clock: { now: () => NOW },
    });
  }

  /** `kind` 0 filed, 1 resolved, 2 purchase; the same ids for both runs but the customer's suffix. */
  const STEPS: Array<[kind: number, daysAgo: number, key: number]> = [
    [2, 650, 0], // pruned later: older than the kept window
    [0, 400, 1],
    [0, 60, 2],
    [1, 55, 2],
    [0, 50, 3],
    [0, 52, 4], // late: older than the previous event
    [1, 40, 3],
    [1, 40, 4],
    [2, 30, 0],
    [0, 20, 5],
    [0, 20, 5], // the same complaint id again, a new event
    [1, 5, 5],
  ];

  function history(customerId: string): ContactEvent[] {
    const events = STEPS.map(([kind, daysAgo, key], i): ContactEvent => {
      const base = {
        eventId: `ce-${i}-${customerId}`,
        version: 1 as const,
        occurredAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
        customerId,
        source: 'int-spec',
      };
      if (kind === 0)
        return {
          ...base,
          type: 'complaint.filed',
          payload: { complaintId: `k-${key}`, category: 'billing', severity: 'medium' },
        };
      if (kind === 1)
        return {
          ...base,
          type: 'complaint.resolved',
          payload: { complaintId: `k-${key}`, resolution: 'fixed' },
        };
      return {
        ...base,
        type: 'purchase.completed',
        payload: { amount: 10, currency: 'EUR', productId: 'P' },
      };
    });
    return [...events.slice(0, 6), events[2]!, ...events.slice(6)]; // one redelivery inside
  }

  async function stored(customerId: string) {
    const [score] = (await dataSource.query(
      `SELECT band, probability, as_of, replace(event_id, $1, '') AS event_id
       FROM churn_score WHERE customer_id = $1`,
      [customerId],
    )) as unknown[];
    const events = (await dataSource.query(
      `SELECT replace(event_id, $1, '') AS event_id FROM churn_event_history
       WHERE customer_id = $1 ORDER BY event_id`,
      [customerId],
    )) as unknown[];
    const alerts = (await dataSource.query(
      `SELECT replace(caused_by_event_id, $1, '') AS cause, raised_at FROM alert
       WHERE customer_id = $1 ORDER BY cause`,
      [customerId],
    )) as unknown[];
    return { score, events, alerts };
  }

  it.each([1, 3, 5, 13])('in batches of %i', async (size) => {
    const single = `c1-${randomUUID().slice(0, 8)}`;
    const singlePublished: FiredTrigger[] = [];
    const one = useCase(singlePublished);
    for (const e of history(single)) await one.execute(e);

    const batched = `cb-${randomUUID().slice(0, 8)}`;
    const batchPublished: FiredTrigger[] = [];
    const many = useCase(batchPublished);
    const events = history(batched);
    for (let i = 0; i < events.length; i += size)
      await many.executeBatch(events.slice(i, i + size));

    const expected = await stored(single);
    expect(expected.alerts.length).toBeGreaterThan(0);
    expect(await stored(batched)).toEqual(expected);
    const causes = (fired: FiredTrigger[], customerId: string) =>
      fired.map((f) => (f.triggerFired.causationId ?? '').replace(customerId, ''));
    expect(causes(batchPublished, batched)).toEqual(causes(singlePublished, single));

    // The whole history again: every id is in the inbox.
    const again = await many.executeBatch(events);
    expect(again.every((r) => r.status === 'already-processed')).toBe(true);
    expect(await stored(batched)).toEqual(expected);
  });
});
