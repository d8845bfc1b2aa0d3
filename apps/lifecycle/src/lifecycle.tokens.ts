/** Injection tokens of the lifecycle shell's adapters. */
export const ACTIVE_TRIGGER_DEFINITIONS = Symbol('ACTIVE_TRIGGER_DEFINITIONS');

/** Trigger definitions change at runtime; each instance re-reads the enabled set this often. */
export const TRIGGER_DEFINITIONS_REFRESH_MS = 5_000;

/** Inbox consumer name: the processed_event rows of the raise-alerts use case. */
export const SEGMENT_MEMBERSHIP_CONSUMER = 'lifecycle.segment-membership';

/** Inbox consumer name: the processed_event rows of the follow-merge use case. */
export const CUSTOMER_MERGED_CONSUMER = 'lifecycle.customer-merged';
