import type { FiredTrigger } from '../evaluation/fired-trigger';
import type {
  EventCountHit,
  EventCountLookup,
  EventCountWindow,
  StoredEventCountHit,
} from '../evaluation/event-count.port';
import type { ContactEventEvaluation } from '../evaluation/evaluate-contact-event';
import type { ContactEventRecorder } from '../evaluation/watch-contact-events.use-case';
import type { ProcessedEvents } from '../raise-alerts/raise-alerts.ports';
import type { ArmAbsenceTimer, DueAbsenceTimer } from './absence-timer';
import type { DueTimerStore, TimerSettlement } from './fire-due-timers.use-case';

export type StoredTimerStatus = 'armed' | 'cancelled' | TimerSettlement['outcome'];

/**
 * Reference implementation of the contact-event and timer stores, in memory, with the semantics
 * of the Postgres adapters (inbox, alert dedup by id, hit pruning, cancel-then-arm, armOnce, a
 * failed settlement leaving timers armed). For specs and for recomputing from history.
 */
export class InMemoryTriggerState
  implements ProcessedEvents, ContactEventRecorder, EventCountLookup, DueTimerStore
{
  readonly processed = new Set<string>();
  readonly alerts = new Map<string, FiredTrigger>();
  readonly hits = new Map<string, EventCountHit>();
  readonly timers = new Map<string, { timer: ArmAbsenceTimer; status: StoredTimerStatus }>();

  async isProcessed(eventId: string): Promise<boolean> {
    return this.processed.has(eventId);
  }

  async priorHits(windows: readonly EventCountWindow[]): Promise<StoredEventCountHit[]> {
    return [...this.hits.values()].filter((h) =>
      windows.some(
        (w) =>
          h.customerId === w.customerId && h.triggerId === w.triggerId && h.occurredAt > w.from,
      ),
    );
  }

  async record(eventId: string, evaluation: ContactEventEvaluation): Promise<void> {
    this.processed.add(eventId);
    this.storeAlerts(evaluation.fired);
    for (const hit of evaluation.hits) {
      this.hits.set(JSON.stringify([hit.customerId, hit.triggerId, hit.eventId]), hit);
      for (const [key, h] of this.hits) {
        if (
          h.customerId === hit.customerId &&
          h.triggerId === hit.triggerId &&
          h.occurredAt <= hit.expiredBefore
        )
          this.hits.delete(key);
      }
    }
    for (const cancel of evaluation.timers.cancel) {
      for (const entry of this.timers.values()) {
        const t = entry.timer;
        if (
          entry.status === 'armed' &&
          t.customerId === cancel.customerId &&
          t.triggerId === cancel.triggerId &&
          t.correlationKey === cancel.correlationKey &&
          t.armedByEventId !== cancel.resolvedByEventId &&
          t.armedAt <= cancel.resolvedAt &&
          t.dueAt > cancel.resolvedAt
        )
          entry.status = 'cancelled';
      }
    }
    for (const arm of evaluation.timers.arm) {
      const everArmed = [...this.timers.values()].some(
        ({ timer }) => timer.customerId === arm.customerId && timer.triggerId === arm.triggerId,
      );
      if ((arm.armOnce && everArmed) || this.timers.has(arm.timerId)) continue;
      this.timers.set(arm.timerId, { timer: arm, status: 'armed' });
    }
  }

  async settleDue(
    now: Date,
    limit: number,
    settle: (due: readonly DueAbsenceTimer[]) => Promise<TimerSettlement[]>,
  ): Promise<number> {
    const due = [...this.timers.values()]
      .filter((entry) => entry.status === 'armed' && entry.timer.dueAt <= now)
      .sort((a, b) => a.timer.dueAt.getTime() - b.timer.dueAt.getTime())
      .slice(0, limit)
      .map(({ timer }) => timer);
    if (due.length === 0) return 0;
    // A throw here leaves every timer armed, as the rolled-back transaction does.
    const settlements = await settle(due);
    this.storeAlerts(settlements.flatMap((s) => (s.fired ? [s.fired] : [])));
    for (const settlement of settlements) {
      const entry = this.timers.get(settlement.timerId);
      if (entry?.status === 'armed') entry.status = settlement.outcome;
    }
    return due.length;
  }

  statusesOf(customerId: string): Record<string, StoredTimerStatus> {
    return Object.fromEntries(
      [...this.timers.values()]
        .filter(({ timer }) => timer.customerId === customerId)
        .map(({ timer, status }) => [`${timer.triggerId}:${timer.correlationKey}`, status]),
    );
  }

  private storeAlerts(fired: readonly FiredTrigger[]): void {
    for (const f of fired) {
      const id = f.alert?.record.alertId ?? f.triggerFired.eventId;
      if (!this.alerts.has(id)) this.alerts.set(id, f);
    }
  }
}
