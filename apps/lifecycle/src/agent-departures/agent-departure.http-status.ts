import type { LifecycleErrorCode } from '@cip/lifecycle-domain';

/** HTTP status of the agent-departure error codes. */
export const AGENT_DEPARTURE_STATUS_BY_CODE = {
  INVALID_AGENT_DEPARTURE: 400,
  AGENT_DEPARTURE_NOT_FOUND: 404,
  AGENT_DEPARTURE_CONFLICT: 409,
} as const satisfies Partial<Record<LifecycleErrorCode, number>>;
