import {
  CHURN_FEATURE_NAMES,
  type ChurnFeatureName,
  type ChurnFeatures,
} from '../features/churn-features';
import { sigmoid } from '../training/logistic-regression';
import { scoreChurnRisk } from './score-churn-risk';

const zeros = (): ChurnFeatures =>
  Object.fromEntries(CHURN_FEATURE_NAMES.map((name) => [name, 0])) as ChurnFeatures;

/** A model with mean 0 and std 1 everywhere, and the given weights (others 0). */
function modelWith(weights: Partial<Record<ChurnFeatureName, number>>, bias = -2) {
  return {
    standardisation: {
      means: CHURN_FEATURE_NAMES.map(() => 0),
      stds: CHURN_FEATURE_NAMES.map(() => 1),
    },
    weights: CHURN_FEATURE_NAMES.map((name) => weights[name] ?? 0),
    bias,
  };
}

describe('scoreChurnRisk', () => {
  const model = modelWith({
    complaintsLast90Days: 0.8,
    openComplaints: 1.2,
    latestSurveyScore: -1,
    serviceIncidentsLast90Days: 0.5,
    tenureDays: -0.3,
  });

  it('gives the logistic probability of bias plus weight × standardised value', () => {
    const features = { ...zeros(), complaintsLast90Days: 2, latestSurveyScore: 0.5 };
    expect(scoreChurnRisk(model, features).probability).toBeCloseTo(sigmoid(-2 + 1.6 - 0.5));
  });

  it('ranks the top 3 features pushing the risk up, strongest first, with labels for their side', () => {
    const features = {
      ...zeros(),
      complaintsLast90Days: 2, // +1.6
      openComplaints: 1, // +1.2
      latestSurveyScore: -0.5, // +0.5: below the mean, so "Low satisfaction score"
      serviceIncidentsLast90Days: 0.6, // +0.3: fourth, left out
      tenureDays: 5, // −1.5: lowers the risk, never a reason
    };
    const { reasons } = scoreChurnRisk(model, features);
    expect(reasons.map((r) => r.feature)).toEqual([
      'complaintsLast90Days',
      'openComplaints',
      'latestSurveyScore',
    ]);
    expect(reasons.map((r) => r.contribution)).toEqual([
      expect.closeTo(1.6),
      expect.closeTo(1.2),
      expect.closeTo(0.5),
    ]);
    expect(reasons[2]?.label).toBe('Low satisfaction score');
    expect(reasons[0]?.label).toBe('Complaints in the last 90 days');
  });

  it('gives no reasons when nothing pushes the risk up', () => {
    expect(scoreChurnRisk(model, { ...zeros(), tenureDays: 3 }).reasons).toEqual([]);
  });
});
