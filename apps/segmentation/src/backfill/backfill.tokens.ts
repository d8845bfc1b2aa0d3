export const BACKFILL_POLLER = Symbol('BACKFILL_POLLER');
export const BACKFILL_JOBS = Symbol('BACKFILL_JOBS');
