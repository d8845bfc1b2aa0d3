import {
  extractChurnFeatures,
  retainedHistory,
  scoreChurnRisk,
  type ChurnFeatureName,
} from '@cip/churn-model';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import type { ContactEvent } from '@cip/contracts';
import { createDataSource, runMigrations } from '@cip/persistence';
import { DEFAULT_SIMULATION_CONFIG, simulatePopulation, windowEndingAt } from '@cip/simulator';
import { newIsolation, serviceEnv, testInfra } from '@cip/testing';
import type { DataSource } from 'typeorm';
import { PostgresChurnModelRepository } from './postgres-churn-model.repository';
import { trainChurnModelFromPostgres } from './train-churn-model-from-postgres';

const DAY = 86_400_000;
const SEED = 11;
const CUSTOMERS = 3_000;
const END = new Date('2026-06-01T00:00:00Z');

const PRICE_REASONS = new Set<ChurnFeatureName>([
  'priceComplaintCallsLast90Days',
  'spendTrend30',
  'spendTrend90',
  'logSpendLast30Days',
  'logSpendLast90Days',
  'offersDeclinedLast90Days',
]);
const COMPLAINT_REASONS = new Set<ChurnFeatureName>([
  'complaintsLast90Days',
  'complaintsLastYear',
  'escalationsLast90Days',
  'openComplaints',
]);

interface Leaver {
  cause: string;
  events: ContactEvent[];
  /** Two weeks before they left. */
  at: number;
}

/**
 * Simulator output (seed 11, 3,000 customers, 12 months to 2026-06-01) loaded into lifecycle's
 * churn_event_history in a test schema; the model is trained from Postgres alone (labels from the
 * history, not the ground truth), and the ground truth then judges its AUC and reason codes.
 */
describe('train the churn model from history in Postgres', () => {
  const infra = testInfra();
  const isolation = newIsolation('churntrain');
  let config: ServiceConfig;
  let dataSource: DataSource;
  const leavers: Leaver[] = [];
  const withHistory = new Set<string>();

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true' }),
    );
    await runMigrations('lifecycle', config);
    dataSource = await createDataSource('lifecycle', config).initialize();
    const window = windowEndingAt(END, 12);
    let batch: ContactEvent[] = [];
    for (const { truth, events } of simulatePopulation(
      { seed: SEED, config: DEFAULT_SIMULATION_CONFIG, window },
      CUSTOMERS,
    )) {
      const history = [...events()].filter((e) => Date.parse(e.occurredAt) <= END.getTime());
      batch.push(...history);
      if (history.length > 0) withHistory.add(truth.traits.customerId);
      if (batch.length >= 5_000) {
        await insertHistory(batch);
        batch = [];
      }
      const churn = truth.churn;
      const at = (churn?.at ?? 0) - 14 * DAY;
      if (churn?.kind === 'quantity' && churn.at < END.getTime() && at > window.start + 90 * DAY) {
        leavers.push({ cause: churn.cause, events: history, at });
      }
    }
    await insertHistory(batch);
  }, 300_000);

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
    await dataSource?.destroy();
  });

  async function insertHistory(events: readonly ContactEvent[]): Promise<void> {
    if (events.length === 0) return;
    await dataSource.query(
      `INSERT INTO "${config.database.schema}".churn_event_history (customer_id, event_id, occurred_at, event)
       SELECT c, e, o, j::jsonb FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS t(c, e, o, j)`,
      [
        events.map((e) => e.customerId),
        events.map((e) => e.eventId),
        events.map((e) => e.occurredAt),
        events.map((e) => JSON.stringify(e)),
      ],
    );
  }

  it('stores an active model version whose held-out AUC is well above chance, and whose reasons fit the known causes', async () => {
    const { result, customers, activated } = await trainChurnModelFromPostgres(dataSource, {
      modelVersion: 'churn-int-1',
      trainedAt: END,
      observedUntil: undefined,
      horizonDays: 60,
      snapshotCount: 6,
      stepDays: 30,
      heldOutShare: 0.5,
      silentAfterDays: 60,
      activate: true,
      minAuc: 0.6,
    });
    const { heldOut } = result.model.metrics;
    const baseRate = heldOut.positives / heldOut.rows;
    process.stdout.write(
      `train-from-postgres: ${customers} customers, held-out ${heldOut.rows} rows (${heldOut.positives} churn), ` +
        `AUC ${heldOut.auc?.toFixed(3)}, precision@10% ${heldOut.precisionAtTop10Percent?.toFixed(3)}, ` +
        `base rate ${baseRate.toFixed(3)}, high cut ${result.bandCuts.high.toFixed(4)}\n`,
    );
    expect(customers).toBe(withHistory.size);
    expect(customers).toBeGreaterThan(0.95 * CUSTOMERS);
    expect(heldOut.positives).toBeGreaterThan(100);
    expect(heldOut.auc).toBeGreaterThanOrEqual(0.65);
    expect(heldOut.precisionAtTop10Percent).toBeGreaterThanOrEqual(2 * baseRate);
    expect(activated).toBe(true);

    // What the service loads: the stored row, validated.
    const active = await new PostgresChurnModelRepository(dataSource).loadActive();
    expect(active?.version).toBe('churn-int-1');
    expect(active?.bandCuts.high).toBeCloseTo(result.bandCuts.high);
    const [row] = (await dataSource.query(
      `SELECT metrics FROM "${config.database.schema}".churn_model WHERE version = 'churn-int-1'`,
    )) as Array<{ metrics: { heldOut: { auc: number } } }>;
    expect(row?.metrics.heldOut.auc).toBeCloseTo(heldOut.auc ?? 0);

    const model = active?.artefact ?? result.model;
    const shareCiting = (cause: string, same: boolean, reasons: Set<ChurnFeatureName>) => {
      const group = leavers.filter((l) => (l.cause === cause) === same);
      const cited = group.filter(({ events, at }) =>
        scoreChurnRisk(model, extractChurnFeatures(retainedHistory(events, at), at)).reasons.some(
          (r) => reasons.has(r.feature),
        ),
      );
      return { share: cited.length / group.length, cited: cited.length, of: group.length };
    };
    const price = shareCiting('price', true, PRICE_REASONS);
    const notPrice = shareCiting('price', false, PRICE_REASONS);
    const complaints = shareCiting('complaints', true, COMPLAINT_REASONS);
    // Network-quality leavers complain too (the simulator raises their complaints as well), so
    // complaint reasons are compared with the leavers over price and competitors.
    const priceOrCompetitor = leavers.filter(
      (l) => l.cause === 'price' || l.cause === 'competitor',
    );
    const citingComplaints = priceOrCompetitor.filter(({ events, at }) =>
      scoreChurnRisk(model, extractChurnFeatures(retainedHistory(events, at), at)).reasons.some(
        (r) => COMPLAINT_REASONS.has(r.feature),
      ),
    ).length;
    const others = {
      share: citingComplaints / priceOrCompetitor.length,
      cited: citingComplaints,
      of: priceOrCompetitor.length,
    };
    process.stdout.write(
      `price/spend reasons: ${price.cited}/${price.of} price leavers vs ${notPrice.cited}/${notPrice.of} others; ` +
        `complaint reasons: ${complaints.cited}/${complaints.of} complaint leavers vs ${others.cited}/${others.of} price or competitor leavers\n`,
    );
    expect(price.of).toBeGreaterThan(20);
    expect(complaints.of).toBeGreaterThan(20);
    expect(price.share).toBeGreaterThan(notPrice.share);
    expect(complaints.share).toBeGreaterThan(others.share);
  }, 300_000);
});
