import type { CustomerSegmentState, SegmentTrigger } from '@cip/segmentation-domain';

/**
 * The trigger of a due timer: named by the customer and the instant it was due, so a timer that
 * fires twice (a crash after publishing) republishes the same membership event ids.
 */
export function timerTrigger(customerId: string, state: CustomerSegmentState): SegmentTrigger {
  return { eventId: `timer:${customerId}:${state.nextDueMs ?? 'none'}` };
}
