/**
 * The churn model's inputs, in the order the model stores its weights. Each feature has a label
 * for either side of the population mean, so a reason code reads correctly whichever way the
 * feature pushes the risk up ("Spend down against the previous 90 days", "Low satisfaction").
 */
export const CHURN_FEATURES = [
  {
    name: 'daysSinceLastActivity',
    high: 'No activity for a long time',
    low: 'Recently active',
  },
  {
    name: 'daysSinceLastPurchase',
    high: 'No purchase for a long time',
    low: 'Bought recently',
  },
  {
    name: 'logSpendLast30Days',
    high: 'High spend in the last 30 days',
    low: 'Low spend in the last 30 days',
  },
  {
    name: 'logSpendLast90Days',
    high: 'High spend in the last 90 days',
    low: 'Low spend in the last 90 days',
  },
  {
    name: 'spendTrend30',
    high: 'Spend up in the last 30 days',
    low: 'Spend down in the last 30 days against their own baseline',
  },
  {
    name: 'spendTrend90',
    high: 'Spend up against the 90 days before',
    low: 'Spend down against the 90 days before',
  },
  {
    name: 'activityTrend30',
    high: 'More active than usual',
    low: 'Less active than usual (visits, opens, calls)',
  },
  { name: 'complaintsLast90Days', high: 'Complaints in the last 90 days', low: 'Few complaints' },
  {
    name: 'complaintsLastYear',
    high: 'Repeated complaints over the year',
    low: 'Few complaints over the year',
  },
  { name: 'escalationsLast90Days', high: 'Escalated complaints', low: 'No escalations' },
  { name: 'openComplaints', high: 'Complaint still unresolved', low: 'No open complaint' },
  {
    name: 'serviceIncidentsLast90Days',
    high: 'Service incidents (outages, billing errors)',
    low: 'Few service incidents',
  },
  {
    name: 'serviceIncidentsLastYear',
    high: 'Poor service experience over the year',
    low: 'Few service incidents over the year',
  },
  { name: 'latePaymentsLast90Days', high: 'Late or missed payments', low: 'Pays on time' },
  { name: 'latestSurveyScore', high: 'High satisfaction score', low: 'Low satisfaction score' },
  { name: 'surveyScoreTrend', high: 'Satisfaction rising', low: 'Satisfaction falling' },
  {
    name: 'competitorMentionsLast90Days',
    high: 'Mentioned a competitor in a call',
    low: 'No competitor mention',
  },
  {
    name: 'cancellationCallsLast90Days',
    high: 'Called about cancelling',
    low: 'No cancellation call',
  },
  { name: 'priceComplaintCallsLast90Days', high: 'Called about the price', low: 'No price call' },
  { name: 'offersDeclinedLast90Days', high: 'Declined offers', low: 'Accepts or ignores offers' },
  {
    name: 'cancellationRequested',
    high: 'Asked to cancel the contract',
    low: 'No cancellation request',
  },
  { name: 'renewalDue', high: 'Contract renewal due within 90 days', low: 'No renewal due' },
  { name: 'tenureDays', high: 'Long-standing customer', low: 'New customer' },
] as const;

export type ChurnFeatureName = (typeof CHURN_FEATURES)[number]['name'];

export const CHURN_FEATURE_NAMES: readonly ChurnFeatureName[] = CHURN_FEATURES.map((f) => f.name);

/** One customer's features as of a snapshot, by name. */
export type ChurnFeatures = Record<ChurnFeatureName, number>;

/** The features in model order. */
export function featureVector(features: ChurnFeatures): number[] {
  return CHURN_FEATURE_NAMES.map((name) => features[name]);
}

/** The label of the side of the mean a standardised value lies on. */
export function featureLabel(name: ChurnFeatureName, standardisedValue: number): string {
  const feature = CHURN_FEATURES.find((f) => f.name === name);
  if (!feature) throw new Error(`unknown churn feature ${name}`);
  return standardisedValue >= 0 ? feature.high : feature.low;
}
