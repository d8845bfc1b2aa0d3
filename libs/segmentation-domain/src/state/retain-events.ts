import type { WindowRequirements } from '../rules/rule-requirements';
import { STATE_LIMITS, type CustomerState } from './customer-state';
import { DAY_MS } from './state-rule-context';

type EventLists = CustomerState['events'];

/**
 * Keeps what an active rule can still see at `nowMs`: types some rule counts over, timestamps
 * inside the longest window, at most the per-type cap (newest kept), each event id once, sorted by
 * event time (then id, so the result does not depend on the order the lists were combined in).
 */
export function retainEvents(
  lists: readonly EventLists[],
  requirements: WindowRequirements,
  nowMs: number,
): EventLists {
  const next: EventLists = {};
  const types = new Set(lists.flatMap((events) => Object.keys(events)));
  for (const type of [...types].sort()) {
    const windowDays = requirements.get(type);
    if (windowDays === undefined) continue;
    const from = nowMs - windowDays * DAY_MS;
    const byId = new Map<string, [number, string]>();
    for (const events of lists) {
      for (const entry of events[type] ?? []) if (!byId.has(entry[1])) byId.set(entry[1], entry);
    }
    const kept = [...byId.values()]
      .filter(([at]) => at > from)
      .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .slice(-STATE_LIMITS.maxEventsPerType);
    if (kept.length > 0) next[type] = kept;
  }
  return next;
}
