import type { EventCountHit, StoredEventCountHit } from './event-count.port';

interface Entry {
  eventId: string;
  atMs: number;
}

/**
 * The event-count hits as a batch sees them while it evaluates its events in order: the stored
 * hits read once, plus the hits of the batch's earlier events with their pruning applied, so
 * the counts equal what one-by-one processing (record after each event) would see.
 */
export class EventCountOverlay {
  private readonly pairs = new Map<string, Entry[]>();

  constructor(stored: readonly StoredEventCountHit[]) {
    for (const hit of stored) this.put(hit.customerId, hit.triggerId, hit.eventId, hit.occurredAt);
  }

  /** Hits of the pair with from < occurredAt ≤ hit.occurredAt, other than the hit's own event. */
  countPrior(hit: EventCountHit, from: Date): number {
    const fromMs = from.getTime();
    const atMs = hit.occurredAt.getTime();
    return (this.pairs.get(pairKey(hit.customerId, hit.triggerId)) ?? []).filter(
      (e) => e.eventId !== hit.eventId && e.atMs > fromMs && e.atMs <= atMs,
    ).length;
  }

  /** Stores a hit (a known event id is kept as it was) and prunes its pair's expired hits. */
  add(hit: EventCountHit): void {
    const entries = this.put(hit.customerId, hit.triggerId, hit.eventId, hit.occurredAt);
    const expiredMs = hit.expiredBefore.getTime();
    const kept = entries.filter((e) => e.atMs > expiredMs);
    this.pairs.set(pairKey(hit.customerId, hit.triggerId), kept);
  }

  private put(customerId: string, triggerId: string, eventId: string, at: Date): Entry[] {
    const key = pairKey(customerId, triggerId);
    const entries = this.pairs.get(key) ?? [];
    if (!entries.some((e) => e.eventId === eventId)) entries.push({ eventId, atMs: at.getTime() });
    this.pairs.set(key, entries);
    return entries;
  }
}

export function pairKey(customerId: string, triggerId: string): string {
  return JSON.stringify([customerId, triggerId]);
}
