/** The RecordContactEvent use case, wired from the ledger, publisher and clock adapters. */
export const RECORD_CONTACT_EVENT = Symbol('RECORD_CONTACT_EVENT');
