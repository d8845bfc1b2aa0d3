/** Error codes of churn risk scoring. */
export type ChurnRiskErrorCode =
  | 'CHURN_RISK_NOT_SCORED'
  /** Another instance recorded an event of the batch meanwhile: roll back, the retry skips it. */
  | 'CHURN_RISK_CONCURRENTLY_RECORDED';
