import { PlatformError } from '@cip/contracts';
import type { AgentDepartureErrorCode } from './agent-departures/agent-departure.errors';
import type { ChurnRiskErrorCode } from './churn-risk/churn-risk.errors';
import type { LifecycleStageErrorCode } from './stages/lifecycle-stage.errors';
import type { AlertWorkflowErrorCode } from './workflow/alert-workflow.errors';

/** Error codes of the lifecycle domain; they survive the process boundary as strings. */
export type LifecycleErrorCode =
  | 'INVALID_TRIGGER_DEFINITION'
  | AlertWorkflowErrorCode
  | LifecycleStageErrorCode
  | ChurnRiskErrorCode
  | AgentDepartureErrorCode;

export class LifecycleError extends PlatformError {
  constructor(
    code: LifecycleErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(code, message, details, options);
  }
}
