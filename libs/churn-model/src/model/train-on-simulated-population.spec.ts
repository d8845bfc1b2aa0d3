import type { ContactEvent } from '@cip/contracts';
import { DEFAULT_SIMULATION_CONFIG, simulatePopulation, windowEndingAt } from '@cip/simulator';
import { DAY_MS, extractChurnFeatures } from '../features/extract-churn-features';
import type { ChurnFeatureName } from '../features/churn-features';
import { scoreChurnRisk } from '../scoring/score-churn-risk';
import { trainChurnModel, type ChurnExample } from './train-churn-model';

/**
 * End to end on an in-memory simulated population (seed 7, 3,000 customers, 12 months to
 * 2026-06-01): features at six monthly snapshots, 60-day horizon, half the customers held out.
 * Measured when written: held-out AUC 0.682, precision at top 10 % 0.104 against a base rate of
 * 0.032; complaint reasons in the top 3 for 7/67 complaint-caused leavers against 16/241 others.
 * The thresholds sit below those figures so a refactor that keeps the model as good passes.
 */
const SEED = 7;
const CUSTOMERS = 3_000;
const END = new Date('2026-06-01T00:00:00Z');
const SNAPSHOTS = Array.from({ length: 6 }, (_, i) => END.getTime() - i * 30 * DAY_MS);
const COMPLAINT_FEATURES = new Set<ChurnFeatureName>([
  'complaintsLast90Days',
  'complaintsLastYear',
  'escalationsLast90Days',
  'openComplaints',
]);

interface Leaver {
  cause: string;
  /** Their history as it stood two weeks before they left. */
  events: ContactEvent[];
  at: number;
}

function simulate(): { examples: ChurnExample[]; leavers: Leaver[] } {
  const window = windowEndingAt(END, 12);
  const examples: ChurnExample[] = [];
  const leavers: Leaver[] = [];
  const population = simulatePopulation(
    { seed: SEED, config: DEFAULT_SIMULATION_CONFIG, window },
    CUSTOMERS,
  );
  for (const { truth, events } of population) {
    const history = [...events()];
    const { customerId } = truth.traits;
    const churn = truth.churn;
    const outcome = { customerId, kind: churn?.kind, cause: churn?.cause, churnAt: churn?.at };
    for (const snapshot of SNAPSHOTS) {
      examples.push({
        customerId,
        snapshot,
        features: extractChurnFeatures(history, snapshot),
        outcome,
      });
    }
    // Leavers inside the window with at least 90 days of history behind them.
    const twoWeeksBefore = (churn?.at ?? 0) - 14 * DAY_MS;
    if (
      churn?.kind === 'quantity' &&
      churn.at < END.getTime() &&
      twoWeeksBefore > window.start + 90 * DAY_MS
    ) {
      leavers.push({ cause: churn.cause, events: history, at: twoWeeksBefore });
    }
  }
  return { examples, leavers };
}

describe('churn model trained on a simulated population', () => {
  const { examples, leavers } = simulate();
  const { model } = trainChurnModel(examples, {
    modelVersion: 'e2e',
    trainedAt: END,
    snapshots: SNAPSHOTS.map((s) => new Date(s)),
    horizonDays: 60,
    heldOutShare: 0.5,
  });
  const { heldOut } = model.metrics;

  it('ranks held-out churners well above chance', () => {
    expect(heldOut.positives).toBeGreaterThan(100);
    expect(heldOut.auc).toBeGreaterThanOrEqual(0.63);
  });

  it('finds at least twice the base rate of churners in its riskiest 10 %', () => {
    expect(heldOut.precisionAtTop10Percent).toBeGreaterThanOrEqual(
      (2 * heldOut.positives) / heldOut.rows,
    );
  });

  it('cites complaints more often for leavers the ground truth says left over complaints', () => {
    const complaintReasonShare = (byComplaints: boolean) => {
      const group = leavers.filter((l) => (l.cause === 'complaints') === byComplaints);
      const cited = group.filter(({ events, at }) =>
        scoreChurnRisk(model, extractChurnFeatures(events, at)).reasons.some((r) =>
          COMPLAINT_FEATURES.has(r.feature),
        ),
      );
      return cited.length / group.length;
    };
    expect(complaintReasonShare(true)).toBeGreaterThan(complaintReasonShare(false));
  });
});
