import { CHURN_FEATURE_NAMES, type ChurnFeatureName } from '@cip/churn-model';
import type { ActiveChurnModel } from './churn-risk.ports';

// Test fixtures for churn-risk specs (not exported from index.ts).

/**
 * A hand-made model on raw features (means 0, stds 1): log-odds = bias + Σ weight × value. With
 * the defaults, p = σ(−3 + 1.5 × complaints in 90 days + 1 × price calls): one complaint 0.18,
 * two 0.5 (the high cut), three 0.82.
 */
export function handMadeModel(
  weights: Partial<Record<ChurnFeatureName, number>> = {
    complaintsLast90Days: 1.5,
    priceComplaintCallsLast90Days: 1,
  },
  version = 'spec-v1',
  bias = -3,
): ActiveChurnModel {
  const width = CHURN_FEATURE_NAMES.length;
  return {
    version,
    bandCuts: { high: 0.5, elevated: 0.3, highShare: 0.1, elevatedShare: 0.25 },
    artefact: {
      format: 'churn-logistic-regression/v1',
      modelVersion: version,
      trainedAt: '2026-01-01T00:00:00.000Z',
      featureNames: [...CHURN_FEATURE_NAMES],
      standardisation: { means: Array<number>(width).fill(0), stds: Array<number>(width).fill(1) },
      weights: CHURN_FEATURE_NAMES.map((name) => weights[name] ?? 0),
      bias,
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
    },
  };
}
