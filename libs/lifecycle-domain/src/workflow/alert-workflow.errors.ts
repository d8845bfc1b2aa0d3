/**
 * Error codes of the alert workflow (see LifecycleError). The HTTP edge maps them:
 * not found 404; illegal transition, deadline passed, version conflict 409; If-Match failed 412;
 * a malformed request 400.
 */
export type AlertWorkflowErrorCode =
  | 'ALERT_NOT_FOUND'
  | 'ILLEGAL_ALERT_TRANSITION'
  | 'ALERT_OUTCOME_REQUIRED'
  | 'ALERT_OUTCOME_NOT_ALLOWED'
  | 'ALERT_DEADLINE_PASSED'
  | 'ALERT_VERSION_CONFLICT'
  | 'ALERT_PRECONDITION_FAILED'
  | 'INVALID_ALERT_TRANSITION'
  | 'INVALID_ALERT_QUERY';
