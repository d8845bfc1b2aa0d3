import {
  featureLabel,
  featureVector,
  CHURN_FEATURE_NAMES,
  type ChurnFeatureName,
  type ChurnFeatures,
} from '../features/churn-features';
import type { ChurnModelArtefact } from '../model/churn-model-artefact';
import { sigmoid } from '../training/logistic-regression';
import { standardise } from '../training/standardisation';

export interface ReasonCode {
  feature: ChurnFeatureName;
  label: string;
  /** weight × standardised value: how far this feature moves the log-odds up. */
  contribution: number;
  /** The feature's raw value, for the reader. */
  value: number;
}

export interface ChurnRisk {
  probability: number;
  /** The features pushing the risk up most, strongest first (at most `maxReasons`). */
  reasons: ReasonCode[];
}

type ScoringModel = Pick<ChurnModelArtefact, 'standardisation' | 'weights' | 'bias'>;

export function scoreChurnRisk(
  model: ScoringModel,
  features: ChurnFeatures,
  maxReasons = 3,
): ChurnRisk {
  const raw = featureVector(features);
  const z = standardise(raw, model.standardisation);
  const contributions = CHURN_FEATURE_NAMES.map((feature, j) => ({
    feature,
    z: z[j] as number,
    contribution: (model.weights[j] ?? 0) * (z[j] as number),
    value: raw[j] as number,
  }));
  const logOdds = model.bias + contributions.reduce((sum, c) => sum + c.contribution, 0);
  const reasons = contributions
    .filter((c) => c.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, maxReasons)
    .map(({ feature, z: standardised, contribution, value }) => ({
      feature,
      label: featureLabel(feature, standardised),
      contribution,
      value,
    }));
  return { probability: sigmoid(logOdds), reasons };
}
