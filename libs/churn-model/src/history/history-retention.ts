import type { ContactEvent } from '@cip/contracts';
import { DAY_MS } from '../features/extract-churn-features';

/**
 * How far back the service keeps each customer's events. A year of features plus a margin; the
 * same cut is applied when training, so a feature like tenure means the same thing online
 * (a pruned history) and in training (a snapshot deep inside a longer one).
 */
export const HISTORY_RETENTION_DAYS = 400;

/** The events a service that prunes at `retentionDays` would still hold at `snapshot`. */
export function retainedHistory(
  events: readonly ContactEvent[],
  snapshot: number,
  retentionDays = HISTORY_RETENTION_DAYS,
): ContactEvent[] {
  const from = pruneBefore(snapshot, retentionDays);
  return events.filter((event) => Date.parse(event.occurredAt) >= from);
}

/** Events strictly older than this (epoch ms) fall out of the retained history. */
export function pruneBefore(snapshot: number, retentionDays = HISTORY_RETENTION_DAYS): number {
  return snapshot - retentionDays * DAY_MS;
}
