import type { LifecycleErrorCode } from '@cip/lifecycle-domain';

/** HTTP status of lifecycle-stage error codes. */
export const LIFECYCLE_STAGE_STATUS_BY_CODE = {
  LIFECYCLE_STAGE_NOT_FOUND: 404,
} as const satisfies Partial<Record<LifecycleErrorCode, number>>;
