/** Inbox consumer name (and consumer group suffix) of the score-churn-risk use case. */
export const CHURN_RISK_CONSUMER = 'lifecycle.churn-risk';

/** The active churn model holder (RefreshingChurnModel). */
export const ACTIVE_CHURN_MODEL = Symbol('ACTIVE_CHURN_MODEL');

/** Reads churn_score for the HTTP view. */
export const CHURN_RISK_STORE = Symbol('CHURN_RISK_STORE');

/** Each instance re-reads the active model version this often. */
export const CHURN_MODEL_REFRESH_MS = 60_000;

/**
 * Partition batches the churn-risk consumer takes at once: all of a fetch's, which its coalescing
 * turns into one use-case call (see ChurnRiskConsumer).
 */
export const CHURN_RISK_PARTITIONS_CONCURRENTLY = 12;
