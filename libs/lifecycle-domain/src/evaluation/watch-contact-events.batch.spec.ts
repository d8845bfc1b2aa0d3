import fc from 'fast-check';
import type { ContactEvent } from '@cip/contracts';
import { BUILT_IN_TRIGGERS } from '../catalog/built-in-triggers';
import { toTriggerDefinition, type TriggerDefinition } from '../definitions/trigger-definition';
import { repeatedComplaintsStored } from '../testing.fixtures';
import { InMemoryTriggerState } from '../timers/in-memory-trigger-state';
import { contactEvent } from './contact-event.fixtures';
import { contactEventChanges, type RecordedContactEvent } from './contact-event-changes';
import type { FiredTrigger } from './fired-trigger';
import { InMemoryCooldown } from './in-memory-cooldown';
import {
  WatchContactEventsUseCase,
  type ContactEventRecorder,
  type WatchContactEventsDeps,
} from './watch-contact-events.use-case';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const NOW = new Date(T0 + 60 * DAY);

// The built-in catalog plus a short event-count window, so batches also prune each other's hits.
const CATALOG: TriggerDefinition[] = [
  ...BUILT_IN_TRIGGERS.map(toTriggerDefinition),
  toTriggerDefinition(
    repeatedComplaintsStored({
      id: 'two-complaints-in-2-days',
      cooldownSeconds: 0,
      condition: {
        kind: 'event-count',
        event: { types: ['complaint.filed'] },
        atLeast: 2,
        within: { days: 2 },
      },
    }),
  ),
];

/**
 * Applies a batch's net changes the way the Postgres adapter's statements do (prune stored hits,
 * insert the surviving ones, cancel stored timers with the first matching cancel, insert arms
 * with the armOnce check against the timers stored before the statement).
 */
class SetBasedRecorder implements ContactEventRecorder {
  constructor(readonly state: InMemoryTriggerState) {}

  record(eventId: string, evaluation: RecordedContactEvent['evaluation']): Promise<void> {
    return this.recordAll([{ eventId, evaluation }]);
  }

  async recordAll(entries: readonly RecordedContactEvent[]): Promise<void> {
    const { state } = this;
    const changes = contactEventChanges(entries);
    for (const id of changes.eventIds) state.processed.add(id);
    for (const f of changes.fired) {
      const id = f.alert?.record.alertId ?? f.triggerFired.eventId;
      if (!state.alerts.has(id)) state.alerts.set(id, f);
    }
    for (const p of changes.prunes) {
      for (const [key, h] of state.hits)
        if (
          h.customerId === p.customerId &&
          h.triggerId === p.triggerId &&
          h.occurredAt <= p.before
        )
          state.hits.delete(key);
    }
    for (const hit of changes.hits) {
      const key = JSON.stringify([hit.customerId, hit.triggerId, hit.eventId]);
      if (!state.hits.has(key)) state.hits.set(key, hit);
    }
    for (const entry of state.timers.values()) {
      const t = entry.timer;
      const cancelled = changes.cancels.some(
        (c) =>
          c.customerId === t.customerId &&
          c.triggerId === t.triggerId &&
          c.correlationKey === t.correlationKey &&
          c.resolvedByEventId !== t.armedByEventId &&
          t.armedAt <= c.resolvedAt &&
          t.dueAt > c.resolvedAt,
      );
      if (entry.status === 'armed' && cancelled) entry.status = 'cancelled';
    }
    const before = [...state.timers.values()].map((e) => e.timer);
    for (const arm of changes.arms) {
      const everArmed = before.some(
        (t) => t.customerId === arm.customerId && t.triggerId === arm.triggerId,
      );
      if ((arm.armOnce && everArmed) || state.timers.has(arm.timerId)) continue;
      const { cancelledBy, ...timer } = arm;
      state.timers.set(arm.timerId, { timer, status: cancelledBy ? 'cancelled' : 'armed' });
    }
  }
}

function setup(
  recorder: 'one-by-one' | 'set-based',
  overrides: Partial<WatchContactEventsDeps> = {},
) {
  const state = new InMemoryTriggerState();
  const published: FiredTrigger[] = [];
  const useCase = new WatchContactEventsUseCase({
    processed: state,
    recorder: recorder === 'set-based' ? new SetBasedRecorder(state) : state,
    counts: state,
    definitions: { get: async () => CATALOG },
    cooldown: new InMemoryCooldown(),
    clock: { now: () => NOW },
    publisher: { publish: async (fired) => void published.push(...fired) },
    ...overrides,
  });
  return { state, published, useCase };
}

/** What a run leaves behind, comparable across runs. */
function outcome(state: InMemoryTriggerState, published: readonly FiredTrigger[]) {
  return {
    published: published.map((f) => f.triggerFired.eventId),
    alerts: [...state.alerts.keys()].sort(),
    hits: [...state.hits.keys()].sort(),
    timers: Object.fromEntries(
      [...state.timers.entries()].map(([id, e]) => [id, e.status] as const).sort(),
    ),
    processed: [...state.processed].sort(),
  };
}

const at = (hours: number) => new Date(T0 + hours * HOUR);
const eventOf = (kind: number, customerId: string, hours: number, key: number): ContactEvent => {
  const o = { customerId };
  switch (kind) {
    case 0:
      return contactEvent(
        'service.incident',
        at(hours),
        { kind: 'outage', durationMinutes: 90 },
        o,
      );
    case 1:
      return contactEvent(
        'complaint.filed',
        at(hours),
        { complaintId: `C-${key}`, category: 'billing', severity: 'low' },
        o,
      );
    case 2:
      return contactEvent(
        'complaint.resolved',
        at(hours),
        { complaintId: `C-${key}`, resolution: 'fixed' },
        o,
      );
    case 3:
      return contactEvent(
        'purchase.completed',
        at(hours),
        { amount: 10, currency: 'EUR', productId: 'P' },
        o,
      );
    case 4:
      return contactEvent(
        'contract.cancellation-requested',
        at(hours),
        { contractId: 'K-1', reason: 'competitor' },
        o,
      );
    default:
      return contactEvent(
        'call.completed',
        at(hours),
        {
          direction: 'inbound',
          durationSeconds: 60,
          outcome: 'unresolved',
          signals: ['competitor-mentioned'],
        },
        o,
      );
  }
};

const historyArb = fc
  .array(
    fc.record({
      kind: fc.integer({ min: 0, max: 5 }),
      customer: fc.constantFrom('cust-a', 'cust-b'),
      hours: fc.integer({ min: 0, max: 40 * 24 }),
      key: fc.integer({ min: 1, max: 3 }),
      // Index of an earlier event to deliver again instead (a redelivery).
      again: fc.option(fc.nat(), { freq: 5 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((draws) => {
    const events: ContactEvent[] = [];
    for (const d of draws) {
      const earlier =
        d.again !== null && events.length > 0 ? events[d.again % events.length] : undefined;
      events.push(earlier ?? eventOf(d.kind, d.customer, d.hours, d.key));
    }
    return events;
  });

function chunks<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; start < items.length; i += 1) {
    const size = sizes.length > 0 ? (sizes[i % sizes.length] ?? 1) : items.length;
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
}

describe('WatchContactEventsUseCase.executeBatch', () => {
  it('any batching of a history gives the firings and stored state of one-by-one processing', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }),
        async (events, sizes) => {
          const single = setup('one-by-one');
          for (const e of events) await single.useCase.execute(e);
          const batched = setup('set-based');
          for (const batch of chunks(events, sizes)) await batched.useCase.executeBatch(batch);
          expect(outcome(batched.state, batched.published)).toEqual(
            outcome(single.state, single.published),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("one customer's events in one batch see each other's counts and cooldowns", async () => {
    const { published, useCase } = setup('set-based');
    const incidents = [0, 1, 2].map((h) => eventOf(0, 'cust-a', h, 0));
    const cancellations = [3, 4].map((h) => eventOf(4, 'cust-a', h, 0));
    const results = await useCase.executeBatch([...incidents, ...cancellations]);
    // The second incident brings the count to 2; the third is inside the trigger's cooldown.
    expect(published.map((f) => [f.triggerId, f.triggerFired.causationId])).toEqual([
      ['repeated-service-incidents', incidents[1]!.eventId],
      ['cancellation-request', cancellations[0]!.eventId],
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('evaluated'));
  });

  it('a complaint filed and resolved in one batch leaves its timer cancelled', async () => {
    const { state, useCase } = setup('set-based');
    const filed = eventOf(1, 'cust-a', 0, 1);
    const other = eventOf(1, 'cust-a', 1, 2);
    const resolved = eventOf(2, 'cust-a', 2, 1);
    await useCase.executeBatch([filed, other, resolved]);
    expect(state.statusesOf('cust-a')).toEqual({
      'unresolved-complaint:C-1': 'cancelled',
      'unresolved-complaint:C-2': 'armed',
    });
  });

  it('evaluates a repeated id once and skips ids processed before, without publishing them', async () => {
    const { published, useCase } = setup('set-based');
    const first = eventOf(4, 'cust-a', 0, 0);
    await useCase.executeBatch([first]);
    const second = eventOf(4, 'cust-b', 0, 0);
    const results = await useCase.executeBatch([first, second, second]);
    expect(results.map((r) => r.status)).toEqual([
      'already-processed',
      'evaluated',
      'already-processed',
    ]);
    expect(published.map((f) => f.triggerFired.causationId)).toEqual([
      first.eventId,
      second.eventId,
    ]);
    expect(await useCase.executeBatch([first, second])).toEqual([
      { status: 'already-processed' },
      { status: 'already-processed' },
    ]);
  });

  it('reads once per batch and publishes once, then records once', async () => {
    const state = new InMemoryTriggerState();
    const calls: string[] = [];
    const cooldown = new InMemoryCooldown();
    const { useCase } = setup('set-based', {
      processed: {
        isProcessed: async () => false,
        processedAmong: async (ids) => {
          calls.push(`processed:${ids.length}`);
          return new Set();
        },
      },
      counts: {
        priorHits: async (windows) => {
          calls.push(`hits:${windows.length}`);
          return state.priorHits(windows);
        },
      },
      cooldown: {
        isCoolingDown: (r) => cooldown.isCoolingDown(r),
        areCoolingDown: async (requests) => {
          calls.push(`cooldown:${requests.length}`);
          const answers: boolean[] = [];
          for (const r of requests) answers.push(await cooldown.isCoolingDown(r));
          return answers;
        },
      },
      profiles: {
        profileOf: async () => {
          throw new Error('read one by one');
        },
        profilesOf: async (ids) => {
          calls.push(`profiles:${ids.length}`);
          return new Map();
        },
      },
      publisher: { publish: async (fired) => void calls.push(`publish:${fired.length}`) },
      recorder: {
        record: async () => {
          throw new Error('recorded one by one');
        },
        recordAll: async (entries) => void calls.push(`record:${entries.length}`),
      },
    });
    await useCase.executeBatch([
      eventOf(0, 'cust-a', 0, 0),
      eventOf(0, 'cust-a', 1, 0),
      eventOf(4, 'cust-b', 1, 0),
      eventOf(3, 'cust-b', 2, 0),
    ]);
    expect(calls).toEqual([
      'processed:4',
      'hits:2',
      'cooldown:2',
      'profiles:2',
      'publish:2',
      'record:4',
    ]);
  });

  it('a publish failure records nothing; the retried batch fires the same ids once', async () => {
    let failures = 1;
    const published: FiredTrigger[] = [];
    const { state, useCase } = setup('set-based', {
      publisher: {
        publish: async (fired) => {
          if (failures-- > 0) throw new Error('broker down');
          published.push(...fired);
        },
      },
    });
    const batch = [eventOf(4, 'cust-a', 0, 0), eventOf(5, 'cust-a', 1, 0)];
    await expect(useCase.executeBatch(batch)).rejects.toThrow('broker down');
    expect(state.processed.size).toBe(0);
    await useCase.executeBatch(batch);
    expect(published.map((f) => f.triggerId)).toEqual([
      'cancellation-request',
      'competitor-mention',
    ]);
    expect(state.alerts.size).toBe(2);
  });
});
