import type { ContactEvent } from '@cip/contracts';

/**
 * Live mode: the event happens now. The run tag goes into the event id so a second live run of
 * the same seed is new traffic rather than a replay the ingestion API would deduplicate.
 */
export function liveRestamp(runTag: string) {
  return (event: ContactEvent, now: Date): ContactEvent => ({
    ...event,
    eventId: `${event.eventId}-${runTag}`,
    occurredAt: now.toISOString(),
  });
}
