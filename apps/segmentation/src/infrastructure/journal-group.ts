import type { MembershipChange } from '@cip/segmentation-domain';
import type {
  JournalEntry,
  SegmentationJournal,
  SegmentStateSnapshot,
} from '../evaluate-segments/segment-state.ports';

/** Inbox claims of one consumer. */
export interface InboxClaims {
  consumer: string;
  eventIds: readonly string[];
}

/** Journal entries merged into what one transaction writes. */
export interface JournalGroup {
  /** One per consumer, sorted by consumer; ids sorted and distinct (one lock order). */
  claims: readonly InboxClaims[];
  /** One per customer: the highest sequence (a statement may not touch a row twice). */
  states: readonly SegmentStateSnapshot[];
  /** In entry order, so the last change per (customer, segment) still decides. */
  changes: readonly MembershipChange[];
}

/** A journal that can write several merged entries in one transaction. */
export interface GroupWritableJournal extends SegmentationJournal {
  recordGroup(group: JournalGroup): Promise<void>;
}

export function mergeJournalEntries(entries: readonly JournalEntry[]): JournalGroup {
  const eventIdsOf = new Map<string, Set<string>>();
  const latest = new Map<string, SegmentStateSnapshot>();
  const changes: MembershipChange[] = [];
  for (const entry of entries) {
    if (entry.consumer !== undefined && entry.eventIds.length > 0) {
      const ids = eventIdsOf.get(entry.consumer) ?? new Set<string>();
      for (const id of entry.eventIds) ids.add(id);
      eventIdsOf.set(entry.consumer, ids);
    }
    for (const snapshot of entry.states) {
      const id = snapshot.customerId;
      if ((latest.get(id)?.seq ?? -1) < snapshot.seq) latest.set(id, snapshot);
    }
    changes.push(...entry.changes);
  }
  const claims = [...eventIdsOf]
    .sort(([a], [b]) => compare(a, b))
    .map(([consumer, ids]) => ({ consumer, eventIds: [...ids].sort(compare) }));
  const states = [...latest.values()].sort((a, b) => compare(a.customerId, b.customerId));
  return { claims, states, changes };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
