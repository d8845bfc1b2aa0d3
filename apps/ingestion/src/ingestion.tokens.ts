/** Injection tokens of the ingestion shell's adapters (ports of @cip/ingestion-domain). */
export const CLOCK = Symbol('CLOCK');
export const IDEMPOTENCY_LEDGER = Symbol('IDEMPOTENCY_LEDGER');
export const CONTACT_EVENT_PUBLISHER = Symbol('CONTACT_EVENT_PUBLISHER');
