/** Injection tokens of identity resolution and the customer file. */
export const IDENTIFIER_NORMALISER = Symbol('IDENTIFIER_NORMALISER');
export const IDENTITY_GRAPH = Symbol('IDENTITY_GRAPH');
export const IDENTITY_CACHE = Symbol('IDENTITY_CACHE');
export const RESOLVE_CUSTOMER = Symbol('RESOLVE_CUSTOMER');
export const CUSTOMER_RESOLVER = Symbol('CUSTOMER_RESOLVER');
export const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');
export const CUSTOMER_FILE = Symbol('CUSTOMER_FILE');
