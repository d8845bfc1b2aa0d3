/** Injection token of the lifecycle-stage store. */
export const LIFECYCLE_STAGE_STORE = Symbol('LIFECYCLE_STAGE_STORE');

/** Inbox consumer name: the processed_event rows of the stage tracker. */
export const LIFECYCLE_STAGES_CONSUMER = 'lifecycle.lifecycle-stages';
