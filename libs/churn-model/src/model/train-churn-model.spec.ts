import { CHURN_FEATURE_NAMES, type ChurnFeatures } from '../features/churn-features';
import { DAY_MS } from '../features/extract-churn-features';
import { isHeldOut } from '../evaluation/holdout-split';
import { parseChurnModel, serialiseChurnModel } from './churn-model-artefact';
import { trainChurnModel, type ChurnExample } from './train-churn-model';

const SNAPSHOT = Date.parse('2026-06-01T00:00:00Z');

/** Churners (within 30 days) have more open complaints; some churned before the snapshot. */
function examples(): ChurnExample[] {
  return Array.from({ length: 400 }, (_, i) => {
    const churnsIn = i % 5 === 0 ? 20 : i % 7 === 0 ? -10 : undefined;
    const features = Object.fromEntries(
      CHURN_FEATURE_NAMES.map((n) => [n, (i * 7919) % 13]),
    ) as ChurnFeatures;
    features.openComplaints = churnsIn === 20 ? 1 + (i % 3) : i % 4 === 0 ? 1 : 0;
    const customerId = `c-${i}`;
    return {
      customerId,
      snapshot: SNAPSHOT,
      features,
      outcome: {
        customerId,
        kind: churnsIn === undefined ? undefined : 'quantity',
        cause: churnsIn === undefined ? undefined : 'complaints',
        churnAt: churnsIn === undefined ? undefined : SNAPSHOT + churnsIn * DAY_MS,
      },
    };
  });
}

describe('trainChurnModel', () => {
  const all = examples();
  const { model, heldOut } = trainChurnModel(all, {
    modelVersion: 'churn-test',
    trainedAt: new Date('2026-06-02T00:00:00Z'),
    snapshots: [new Date(SNAPSHOT)],
    horizonDays: 30,
    heldOutShare: 0.3,
  });
  const alreadyGone = all.filter((e) => (e.outcome?.churnAt ?? Infinity) <= SNAPSHOT).length;

  it('evaluates exactly the held-out customers and trains on the others, leaving out those already gone', () => {
    expect(heldOut.every((h) => isHeldOut(h.example.customerId, 0.3))).toBe(true);
    expect(model.training.rows + model.metrics.heldOut.rows).toBe(all.length - alreadyGone);
    expect(heldOut.some((h) => (h.example.outcome?.churnAt ?? Infinity) <= SNAPSHOT)).toBe(false);
  });

  it('learns the planted signal and reports it on the held-out customers', () => {
    const openComplaints = model.weights[CHURN_FEATURE_NAMES.indexOf('openComplaints')] ?? 0;
    expect(openComplaints).toBeGreaterThan(0);
    expect(model.metrics.heldOut.auc).toBeGreaterThan(0.8);
  });

  it('writes an artefact its own schema accepts', () => {
    expect(parseChurnModel(serialiseChurnModel(model))).toEqual(model);
  });
});
