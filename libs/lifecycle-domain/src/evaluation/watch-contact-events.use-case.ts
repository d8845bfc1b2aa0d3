import type { ContactEvent } from '@cip/contracts';
import type { Clock } from '../clock';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import type { FiringPublisher, ProcessedEvents } from '../raise-alerts/raise-alerts.ports';
import { processedAmong, type ProfileSource } from './batch-lookups';
import type { RecordedContactEvent } from './contact-event-changes';
import type { CooldownLookup } from './cooldown.port';
import {
  evaluateContactEvents,
  readPriorHits,
  type ContactEventEvaluation,
} from './evaluate-contact-event';
import { sortedById } from './evaluate-triggers';
import type { EventCountLookup } from './event-count.port';

/**
 * Stores, in one transaction with the inbox row: the alerts (idempotent on their deterministic
 * ids), the event-count hits, then the timer cancellations and arms.
 */
export interface ContactEventRecorder {
  record(eventId: string, evaluation: ContactEventEvaluation): Promise<void>;
  /**
   * Batch form: everything of `entries` (distinct, in order) in one transaction, ending in the
   * state `record` on each in order would leave (see contactEventChanges). Optional: without it
   * the entries are recorded one by one.
   */
  recordAll?(entries: readonly RecordedContactEvent[]): Promise<void>;
}

export interface WatchContactEventsDeps {
  processed: ProcessedEvents;
  definitions: { get(): Promise<TriggerDefinition[]> };
  cooldown: CooldownLookup;
  counts: EventCountLookup;
  publisher: FiringPublisher;
  recorder: ContactEventRecorder;
  clock: Clock;
  profiles?: ProfileSource;
}

export type WatchContactEventsResult =
  { status: 'already-processed' } | ({ status: 'evaluated' } & ContactEventEvaluation);

/**
 * Contact events → the event triggers they fire and the absence timers they arm or cancel.
 * Same order as raise-alerts: publish (acks) first, then commit everything with the inbox rows; a
 * crash in between redelivers the events, which rebuild the same ids, hits and timer ids.
 */
export class WatchContactEventsUseCase {
  constructor(private readonly deps: WatchContactEventsDeps) {}

  async execute(event: ContactEvent): Promise<WatchContactEventsResult> {
    const [result] = await this.executeBatch([event]);
    return result ?? { status: 'already-processed' };
  }

  /**
   * A partition batch in offset order, one result per event. Reads are batched (inbox, stored
   * hits, cooldowns, profiles), each event still sees the effects of the batch's earlier events
   * (counts, cooldowns), all firings go out in one publish, then one transaction records all.
   * A repeated id within the batch is a redelivery: only its first occurrence is evaluated.
   */
  async executeBatch(events: readonly ContactEvent[]): Promise<WatchContactEventsResult[]> {
    if (events.length === 0) return [];
    const definitions = await this.deps.definitions.get();
    const enabled = sortedById(definitions).filter((d) => d.enabled);
    // The stored hits are read for every event of the batch, alongside the inbox (one round trip
    // of latency): hits of an event processed before are stored ones like any other.
    const [done, stored] = await Promise.all([
      processedAmong(this.deps.processed, [...new Set(events.map((e) => e.eventId))]),
      readPriorHits(this.deps.counts, events, enabled),
    ]);
    const seen = new Set<string>();
    const fresh = events.filter((e) => {
      const first = !done.has(e.eventId) && !seen.has(e.eventId);
      seen.add(e.eventId);
      return first;
    });
    if (fresh.length === 0) return events.map(() => ({ status: 'already-processed' }));

    const evaluations = await evaluateContactEvents(fresh, enabled, {
      cooldown: this.deps.cooldown,
      counts: { stored },
      now: this.deps.clock.now(),
      profiles: this.deps.profiles,
    });
    const entries = fresh.map((e, i) => ({
      eventId: e.eventId,
      evaluation: evaluations[i] ?? { fired: [], hits: [], timers: { cancel: [], arm: [] } },
    }));
    const fired = entries.flatMap((e) => e.evaluation.fired);
    if (fired.length > 0) await this.deps.publisher.publish(fired);
    await this.record(entries);

    const byId = new Map(entries.map((e) => [e.eventId, e.evaluation]));
    return events.map((e) => {
      const evaluation = byId.get(e.eventId);
      // A repeated id gets its evaluation once, at its first occurrence.
      if (!evaluation) return { status: 'already-processed' };
      byId.delete(e.eventId);
      return { status: 'evaluated', ...evaluation };
    });
  }

  private async record(entries: readonly RecordedContactEvent[]): Promise<void> {
    const { recorder } = this.deps;
    if (recorder.recordAll) return recorder.recordAll(entries);
    for (const entry of entries) await recorder.record(entry.eventId, entry.evaluation);
  }
}
