/** Injection tokens of the nba shell's adapters. */
export const ACTIVE_ACTION_CATALOG = Symbol('ACTIVE_ACTION_CATALOG');
export const OPEN_ALERTS = Symbol('OPEN_ALERTS');
/** Prunes closed-alert markers past the inbox retention (tests call its pruneOnce). */
export const CLOSED_ALERT_PRUNE_SCHEDULER = Symbol('CLOSED_ALERT_PRUNE_SCHEDULER');

/** The catalog changes at runtime; each instance re-reads the enabled actions this often. */
export const ACTION_CATALOG_REFRESH_MS = 5_000;

/** Inbox consumer name: the processed_event rows of the record-alert use case. */
export const ATTRITION_ALERTS_CONSUMER = 'nba.attrition-alerts';

/** Inbox consumer name: the processed_event rows of the close-alert use case. */
export const ALERT_STATUS_CONSUMER = 'nba.alert-status';

/** Inbox consumer name: the processed_event rows of the follow-merge use case. */
export const CUSTOMER_MERGED_CONSUMER = 'nba.customer-merged';
