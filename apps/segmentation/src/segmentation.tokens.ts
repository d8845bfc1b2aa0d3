/** Injection tokens of the segmentation shell's adapters (ports declared by the domain or the use case). */
export const ACTIVE_DEFINITIONS = Symbol('ACTIVE_DEFINITIONS');
export const DEFINITION_SOURCE = Symbol('DEFINITION_SOURCE');
export const CUSTOMER_STATE_STORE = Symbol('CUSTOMER_STATE_STORE');
export const SEGMENTATION_RECORDS = Symbol('SEGMENTATION_RECORDS');
export const MEMBERSHIP_PUBLISHER = Symbol('MEMBERSHIP_PUBLISHER');
export const CONTACT_EVENT_REDIRECTOR = Symbol('CONTACT_EVENT_REDIRECTOR');

/** Definitions change at runtime; each instance re-reads the active set this often. */
export const DEFINITIONS_REFRESH_MS = 5_000;
