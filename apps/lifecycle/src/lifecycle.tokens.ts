/** Injection tokens of the lifecycle shell's adapters. */
export const ACTIVE_TRIGGER_DEFINITIONS = Symbol('ACTIVE_TRIGGER_DEFINITIONS');

/** Trigger definitions change at runtime; each instance re-reads the enabled set this often. */
export const TRIGGER_DEFINITIONS_REFRESH_MS = 5_000;

/** Inbox consumer name: the processed_event rows of the raise-alerts use case. */
export const SEGMENT_MEMBERSHIP_CONSUMER = 'lifecycle.segment-membership';

/** Inbox consumer name: the processed_event rows of the follow-merge use case. */
export const CUSTOMER_MERGED_CONSUMER = 'lifecycle.customer-merged';

/** Inbox consumer name: the processed_event rows of the watch-contact-events use case. */
export const CONTACT_EVENTS_CONSUMER = 'lifecycle.trigger-contact-events';

/** The clock of triggers, cooldowns and timers; tests move it to make timers come due. */
export const LIFECYCLE_CLOCK = Symbol('LIFECYCLE_CLOCK');

/** The per-customer value profile (value tier, satisfaction) that severity reads. */
export const CUSTOMER_PROFILES = Symbol('CUSTOMER_PROFILES');

/** How often each instance looks for due absence timers when the last batch was not full. */
export const ABSENCE_TIMER_POLL_MS = 250;

/**
 * Fetch bound per partition of the contact-event consumers, hence their batch size: about 2,000
 * events of ~500 bytes. Under a backlog bigger batches amortise the per-batch round trips, yet
 * one batch stays a few seconds of work at most, well inside the 30 s session timeout.
 */
export const CONTACT_EVENTS_MAX_BYTES_PER_PARTITION = 1024 * 1024;

/**
 * Partition batches a contact-event consumer takes at once: every partition of the topic (12),
 * so a fetch's batches are coalesced into one use-case call (one set of round trips: Postgres,
 * Redis, produce acks) rather than processed in waves; each partition stays in offset order.
 */
export const CONTACT_EVENTS_PARTITIONS_CONCURRENTLY = 12;
