/**
 * Error codes of lifecycle-stage tracking. A version conflict is retryable (another writer moved
 * the customer between read and write: the retry re-reads); not found is a 404 at the edge.
 */
export type LifecycleStageErrorCode = 'STAGE_VERSION_CONFLICT' | 'LIFECYCLE_STAGE_NOT_FOUND';
