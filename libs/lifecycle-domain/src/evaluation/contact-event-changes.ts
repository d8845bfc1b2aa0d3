import type { ArmAbsenceTimer, CancelAbsenceTimers } from '../timers/absence-timer';
import type { ContactEventEvaluation } from './evaluate-contact-event';
import { pairKey } from './event-count-overlay';
import type { EventCountHit } from './event-count.port';
import type { FiredTrigger } from './fired-trigger';

/** One evaluated contact event, as a recorder stores it with its inbox row. */
export interface RecordedContactEvent {
  eventId: string;
  evaluation: ContactEventEvaluation;
}

/** An arm of the batch; `cancelledBy` when a later event of the same batch answers it. */
export interface BatchArm extends ArmAbsenceTimer {
  cancelledBy?: { eventId: string };
}

/**
 * The net writes of a batch of evaluated contact events, so a store can apply them with a few
 * set-based statements in one transaction and end in the state that recording each event in
 * order would leave. Apply in this order: prune stored hits, insert `hits`; cancel stored timers
 * (`cancels`, the first matching cancel settles a timer), then insert `arms`.
 */
export interface ContactEventChanges {
  eventIds: string[];
  fired: FiredTrigger[];
  /** Per pair: stored hits at or before `before` are pruned (the latest horizon of the batch). */
  prunes: Array<{ customerId: string; triggerId: string; before: Date }>;
  /** The batch's hits that no later event of the batch prunes. */
  hits: EventCountHit[];
  /** Apply to the timers stored before the batch only (the batch's own arms carry theirs). */
  cancels: CancelAbsenceTimers[];
  /** At most one armOnce arm per pair (the first); the store still checks earlier timers. */
  arms: BatchArm[];
}

export function contactEventChanges(entries: readonly RecordedContactEvent[]): ContactEventChanges {
  const prunes = new Map<string, ContactEventChanges['prunes'][number]>();
  // Per pair, keyed by event id: insertion order is the batch's order.
  const hits = new Map<string, Map<string, EventCountHit>>();
  const arms: BatchArm[] = [];
  const armsByKey = new Map<string, BatchArm[]>(); // (customer, trigger, correlation key)
  const armedPairs = new Set<string>();
  const timerIds = new Set<string>();
  for (const { evaluation } of entries) {
    for (const hit of evaluation.hits) {
      const key = pairKey(hit.customerId, hit.triggerId);
      const before = prunes.get(key)?.before;
      if (!before || hit.expiredBefore > before)
        prunes.set(key, {
          customerId: hit.customerId,
          triggerId: hit.triggerId,
          before: hit.expiredBefore,
        });
      const pair = hits.get(key) ?? new Map<string, EventCountHit>();
      // Earlier hits of the batch that this one's horizon prunes are never written.
      for (const [id, h] of pair) if (h.occurredAt <= hit.expiredBefore) pair.delete(id);
      if (!pair.has(hit.eventId)) pair.set(hit.eventId, hit);
      hits.set(key, pair);
    }
    for (const cancel of evaluation.timers.cancel) {
      const candidates = armsByKey.get(timerKey(cancel)) ?? [];
      for (const arm of candidates) {
        if (!arm.cancelledBy && answers(cancel, arm))
          arm.cancelledBy = { eventId: cancel.resolvedByEventId };
      }
    }
    for (const arm of evaluation.timers.arm) {
      const pair = pairKey(arm.customerId, arm.triggerId);
      if ((arm.armOnce && armedPairs.has(pair)) || timerIds.has(arm.timerId)) continue;
      const batchArm: BatchArm = { ...arm };
      arms.push(batchArm);
      armedPairs.add(pair);
      timerIds.add(arm.timerId);
      const key = timerKey(arm);
      armsByKey.set(key, [...(armsByKey.get(key) ?? []), batchArm]);
    }
  }
  return {
    eventIds: entries.map((e) => e.eventId),
    fired: entries.flatMap((e) => e.evaluation.fired),
    prunes: [...prunes.values()],
    hits: [...hits.values()].flatMap((pair) => [...pair.values()]),
    cancels: entries.flatMap((e) => e.evaluation.timers.cancel),
    arms,
  };
}

function timerKey(t: { customerId: string; triggerId: string; correlationKey: string }): string {
  return JSON.stringify([t.customerId, t.triggerId, t.correlationKey]);
}

/** The cancellation rule of the stores, for a timer armed earlier in the same batch. */
function answers(cancel: CancelAbsenceTimers, arm: ArmAbsenceTimer): boolean {
  return (
    arm.customerId === cancel.customerId &&
    arm.triggerId === cancel.triggerId &&
    arm.correlationKey === cancel.correlationKey &&
    arm.armedByEventId !== cancel.resolvedByEventId &&
    arm.armedAt <= cancel.resolvedAt &&
    arm.dueAt > cancel.resolvedAt
  );
}
