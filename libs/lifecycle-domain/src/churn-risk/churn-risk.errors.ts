/** Error codes of churn risk scoring. */
export type ChurnRiskErrorCode = 'CHURN_RISK_NOT_SCORED';
