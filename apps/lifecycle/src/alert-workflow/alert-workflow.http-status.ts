import type { LifecycleErrorCode } from '@cip/lifecycle-domain';

/** HTTP status of the workflow's error codes (input errors default to 400). */
export const ALERT_WORKFLOW_STATUS_BY_CODE = {
  ALERT_NOT_FOUND: 404,
  ILLEGAL_ALERT_TRANSITION: 409,
  ALERT_DEADLINE_PASSED: 409,
  ALERT_VERSION_CONFLICT: 409,
  ALERT_PRECONDITION_FAILED: 412,
  ALERT_OUTCOME_REQUIRED: 400,
  ALERT_OUTCOME_NOT_ALLOWED: 400,
  INVALID_ALERT_TRANSITION: 400,
  INVALID_ALERT_QUERY: 400,
} as const satisfies Partial<Record<LifecycleErrorCode, number>>;
