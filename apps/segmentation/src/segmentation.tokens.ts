/** Injection tokens of the segmentation shell's adapters (ports declared by the use cases). */
export {
  CUSTOMER_REEVALUATOR,
  SEGMENT_CATALOG_PROVIDER,
  SEGMENT_STATE_STORE,
} from './definitions/definitions.tokens';
export const SEGMENTATION_JOURNAL = Symbol('SEGMENTATION_JOURNAL');
export const MEMBERSHIP_CHANGE_PUBLISHER = Symbol('MEMBERSHIP_CHANGE_PUBLISHER');
export const CONTACT_EVENT_REDIRECTOR = Symbol('CONTACT_EVENT_REDIRECTOR');
export const SEGMENT_TIMER_POLLER = Symbol('SEGMENT_TIMER_POLLER');
