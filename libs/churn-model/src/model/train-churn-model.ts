import { featureVector, CHURN_FEATURE_NAMES, type ChurnFeatures } from '../features/churn-features';
import { areaUnderRoc } from '../evaluation/auc';
import { isHeldOut } from '../evaluation/holdout-split';
import { precisionAtTop } from '../evaluation/precision-at-top';
import {
  DEFAULT_TRAINING_OPTIONS,
  trainLogisticRegression,
  type LogisticRegressionOptions,
} from '../training/logistic-regression';
import { scoreChurnRisk } from '../scoring/score-churn-risk';
import type { ChurnModelArtefact } from './churn-model-artefact';
import { churnLabel, type ChurnOutcome } from './churn-outcome';

/** One customer as of a snapshot: features from their history, outcome from the ground truth. */
export interface ChurnExample {
  customerId: string;
  /** Epoch ms the features were computed at; the label looks `horizonDays` past it. */
  snapshot: number;
  features: ChurnFeatures;
  outcome: ChurnOutcome | undefined;
}

export interface ChurnTrainingSettings {
  modelVersion: string;
  trainedAt: Date;
  /** The snapshots the examples were taken at, for the record (latest first). */
  snapshots: readonly Date[];
  horizonDays: number;
  heldOutShare: number;
  optimiser?: LogisticRegressionOptions;
  source?: string;
}

export interface HeldOutScore {
  example: ChurnExample;
  probability: number;
  label: 0 | 1;
}

/**
 * Trains on the customers outside the hash split and evaluates on those inside. A customer may
 * appear at several snapshots (more churn episodes to learn from); the split is by customer, so
 * no held-out customer is ever seen in training. Customers who had churned by a snapshot take
 * part in neither at that snapshot.
 */
export function trainChurnModel(
  examples: Iterable<ChurnExample>,
  settings: ChurnTrainingSettings,
): { model: ChurnModelArtefact; heldOut: HeldOutScore[] } {
  const optimiser = settings.optimiser ?? DEFAULT_TRAINING_OPTIONS;
  const train: { row: number[]; label: 0 | 1 }[] = [];
  const test: { example: ChurnExample; label: 0 | 1 }[] = [];
  for (const example of examples) {
    const label = churnLabel(example.outcome, example.snapshot, settings.horizonDays);
    if (label === 'excluded') continue;
    if (isHeldOut(example.customerId, settings.heldOutShare)) test.push({ example, label });
    else train.push({ row: featureVector(example.features), label });
  }
  const fit = trainLogisticRegression(
    train.map((t) => t.row),
    train.map((t) => t.label),
    optimiser,
  );
  const heldOut = test.map(({ example, label }) => ({
    example,
    label,
    probability: scoreChurnRisk(fit, example.features).probability,
  }));
  const scores = heldOut.map((h) => h.probability);
  const labels = heldOut.map((h) => h.label);
  const auc = areaUnderRoc(scores, labels);
  const precision = precisionAtTop(scores, labels, 0.1);
  const model: ChurnModelArtefact = {
    format: 'churn-logistic-regression/v1',
    modelVersion: settings.modelVersion,
    trainedAt: settings.trainedAt.toISOString(),
    featureNames: [...CHURN_FEATURE_NAMES],
    standardisation: fit.standardisation,
    weights: fit.weights,
    bias: fit.bias,
    training: {
      snapshots: settings.snapshots.map((d) => d.toISOString()),
      horizonDays: settings.horizonDays,
      heldOutShare: settings.heldOutShare,
      ...optimiser,
      rows: train.length,
      positives: train.filter((t) => t.label === 1).length,
      finalLogLoss: fit.finalLogLoss,
      ...(settings.source === undefined ? {} : { source: settings.source }),
    },
    metrics: {
      heldOut: {
        rows: heldOut.length,
        positives: labels.filter((l) => l === 1).length,
        auc: Number.isNaN(auc) ? null : auc,
        precisionAtTop10Percent: Number.isNaN(precision) ? null : precision,
      },
    },
  };
  return { model, heldOut };
}
