import type { LifecycleErrorCode } from '@cip/lifecycle-domain';

/** HTTP status of churn-risk error codes. */
export const CHURN_RISK_STATUS_BY_CODE = {
  CHURN_RISK_NOT_SCORED: 404,
} as const satisfies Partial<Record<LifecycleErrorCode, number>>;
