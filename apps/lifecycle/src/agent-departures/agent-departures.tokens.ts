/** Inbox consumer name: the processed_event rows of the assigned-agent tracking. */
export const AGENT_ASSIGNMENTS_CONSUMER = 'lifecycle.agent-assignments';

/** The Postgres store of departures (record, progress, the worker's pages). */
export const AGENT_DEPARTURE_STORE = Symbol('AGENT_DEPARTURE_STORE');

/**
 * How often an idle instance looks for departures to work on. A departure recorded through this
 * instance wakes its worker at once; the poll picks up the others' and announced ones.
 */
export const AGENT_DEPARTURE_POLL_MS = 1_000;

/** Customers settled (published, then committed) per transaction. */
export const AGENT_DEPARTURE_PAGE_SIZE = 200;
