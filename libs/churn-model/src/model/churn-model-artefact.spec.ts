import { CHURN_FEATURE_NAMES } from '../features/churn-features';
import {
  parseChurnModel,
  serialiseChurnModel,
  type ChurnModelArtefact,
} from './churn-model-artefact';

const width = CHURN_FEATURE_NAMES.length;

function model(): ChurnModelArtefact {
  return {
    format: 'churn-logistic-regression/v1',
    modelVersion: 'churn-test',
    trainedAt: '2026-11-26T02:00:00.000Z',
    featureNames: [...CHURN_FEATURE_NAMES],
    standardisation: {
      means: CHURN_FEATURE_NAMES.map((_, j) => j / 3),
      stds: CHURN_FEATURE_NAMES.map((_, j) => 1 + j / 7),
    },
    weights: CHURN_FEATURE_NAMES.map((_, j) => (j % 2 === 0 ? 0.1 * j : -0.05 * j)),
    bias: -3.2,
    training: {
      snapshots: ['2026-11-26T00:00:00.000Z', '2026-10-27T00:00:00.000Z'],
      horizonDays: 60,
      heldOutShare: 0.3,
      l2: 0.01,
      learningRate: 0.5,
      iterations: 600,
      rows: 100,
      positives: 7,
      finalLogLoss: 0.2,
    },
    metrics: { heldOut: { rows: 40, positives: 3, auc: 0.71, precisionAtTop10Percent: 0.25 } },
  };
}

describe('churn model artefact', () => {
  it('round-trips through its JSON file unchanged', () => {
    const original = model();
    expect(parseChurnModel(serialiseChurnModel(original))).toEqual(original);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseChurnModel('{"format":')).toThrow(/not JSON/);
  });

  it.each<[string, (m: Record<string, unknown> & ChurnModelArtefact) => unknown]>([
    ['an unknown format', (m) => ({ ...m, format: 'gbt/v9' })],
    ['a missing bias', ({ bias: _bias, ...m }) => m],
    [
      'a weight count that does not match the features',
      (m) => ({ ...m, weights: m.weights.slice(1) }),
    ],
    [
      'a zero standard deviation',
      (m) => ({ ...m, standardisation: { ...m.standardisation, stds: new Array(width).fill(0) } }),
    ],
    ['features of another build', (m) => ({ ...m, featureNames: [...m.featureNames].reverse() })],
    ['a non-numeric weight', (m) => ({ ...m, weights: m.weights.map(() => 'x') })],
    ['an AUC above 1', (m) => ({ ...m, metrics: { heldOut: { ...m.metrics.heldOut, auc: 1.5 } } })],
  ])('rejects %s', (_case, corrupt) => {
    expect(() => parseChurnModel(JSON.stringify(corrupt(model())))).toThrow(/invalid churn model/);
  });
});
