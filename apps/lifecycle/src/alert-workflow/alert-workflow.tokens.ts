/** Injection tokens of the alert workflow's adapters. */
export const ALERT_QUERIES = Symbol('ALERT_QUERIES');
export const ALERT_WORKFLOW_STORE = Symbol('ALERT_WORKFLOW_STORE');
export const ALERT_EXPIRY_SWEEP_MS = Symbol('ALERT_EXPIRY_SWEEP_MS');
export const ALERT_STATUS_OUTBOX_RELAY = Symbol('ALERT_STATUS_OUTBOX_RELAY');

/**
 * How often each instance sweeps for alerts past their deadline. Deadlines are hours long, so
 * half a minute of lateness is invisible; 0 disables the timer (tests call sweepOnce).
 */
export const DEFAULT_ALERT_EXPIRY_SWEEP_MS = 30_000;
