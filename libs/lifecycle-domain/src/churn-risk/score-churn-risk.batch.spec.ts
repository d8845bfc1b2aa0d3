import fc from 'fast-check';
import type { ContactEvent } from '@cip/contracts';
import { contactEvent } from '../evaluation/contact-event.fixtures';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import { InMemoryCooldown } from '../evaluation/in-memory-cooldown';
import { churnRiskChanges } from './churn-risk-changes';
import { handMadeModel, InMemoryChurnRiskStore } from './churn-risk.fixtures';
import type { ChurnRiskChange } from './churn-risk.ports';
import { ScoreChurnRiskUseCase, type ScoreChurnRiskDeps } from './score-churn-risk.use-case';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

/**
 * The store's batch form applied as the Postgres statements do: claims, prune each customer's
 * stored events before the batch's horizon, insert the kept events, upsert the newest score.
 */
class SetBasedChurnRiskStore extends InMemoryChurnRiskStore {
  async processedAmong(eventIds: readonly string[]): Promise<ReadonlySet<string>> {
    return new Set(eventIds.filter((id) => this.processed.has(id)));
  }

  async recordAll(changes: readonly ChurnRiskChange[]): Promise<void> {
    const net = churnRiskChanges(changes);
    for (const id of net.eventIds) this.processed.add(id);
    for (const c of net.customers) {
      const stored = (this.events.get(c.customerId) ?? []).filter(
        (e) => new Date(e.occurredAt) >= c.pruneBefore,
      );
      const ids = new Set(stored.map((e) => e.eventId));
      this.events.set(c.customerId, [...stored, ...c.kept.filter((e) => !ids.has(e.eventId))]);
      const previous = this.scores.get(c.customerId);
      if (c.score && (!previous || previous.asOf <= c.score.asOf))
        this.scores.set(c.customerId, c.score);
    }
    for (const f of net.fired) if (f.alert) this.alerts.set(f.alert.record.alertId, f);
  }
}

function harness(store: InMemoryChurnRiskStore, overrides: Partial<ScoreChurnRiskDeps> = {}) {
  const published: FiredTrigger[] = [];
  const useCase = new ScoreChurnRiskUseCase({
    store,
    // One open complaint is high risk, none is low: filing and resolving crosses back and forth.
    models: { current: () => handMadeModel({ openComplaints: 3.5, complaintsLast90Days: 0.5 }) },
    cooldown: new InMemoryCooldown(),
    publisher: { publish: async (fired) => void published.push(...fired) },
    clock: { now: () => NOW },
    ...overrides,
  });
  return { published, useCase };
}

function outcome(store: InMemoryChurnRiskStore, published: readonly FiredTrigger[]) {
  return {
    published: published.map((f) => f.triggerFired.eventId),
    alerts: [...store.alerts.keys()].sort(),
    scores: Object.fromEntries([...store.scores].sort(([a], [b]) => a.localeCompare(b))),
    events: Object.fromEntries(
      [...store.events]
        .map(([c, events]) => [c, events.map((e) => e.eventId).sort()] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
    processed: [...store.processed].sort(),
  };
}

const eventOf = (kind: number, customerId: string, days: number, key: number): ContactEvent =>
  kind === 0
    ? contactEvent(
        'complaint.filed',
        daysAgo(days),
        { complaintId: `k-${key}`, category: 'billing', severity: 'medium' },
        { customerId },
      )
    : kind === 1
      ? contactEvent(
          'complaint.resolved',
          daysAgo(days),
          { complaintId: `k-${key}`, resolution: 'fixed' },
          { customerId },
        )
      : contactEvent(
          'purchase.completed',
          daysAgo(days),
          { amount: 10, currency: 'EUR', productId: 'P' },
          { customerId },
        );

const historyArb = fc
  .array(
    fc.record({
      kind: fc.integer({ min: 0, max: 2 }),
      customer: fc.constantFrom('cust-a', 'cust-b'),
      // Up to ~2 years back: older events fall out of the retained history.
      days: fc.integer({ min: 0, max: 700 }),
      key: fc.integer({ min: 1, max: 3 }),
      again: fc.option(fc.nat(), { freq: 6 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((draws) => {
    const events: ContactEvent[] = [];
    for (const d of draws) {
      const earlier =
        d.again !== null && events.length > 0 ? events[d.again % events.length] : undefined;
      events.push(earlier ?? eventOf(d.kind, d.customer, d.days, d.key));
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

describe('ScoreChurnRiskUseCase.executeBatch', () => {
  it('any batching of a history gives the scores, alerts and histories of one-by-one processing', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 5 }),
        async (events, sizes) => {
          const singleStore = new InMemoryChurnRiskStore();
          const single = harness(singleStore);
          for (const e of events) await single.useCase.execute(e);
          const batchedStore = new SetBasedChurnRiskStore();
          const batched = harness(batchedStore);
          for (const batch of chunks(events, sizes)) await batched.useCase.executeBatch(batch);
          expect(outcome(batchedStore, batched.published)).toEqual(
            outcome(singleStore, single.published),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a customer's events in one batch are scored in order on the history the earlier ones left", async () => {
    const store = new SetBasedChurnRiskStore();
    const { published, useCase } = harness(store);
    const filed = eventOf(0, 'cust-a', 20, 1);
    const resolved = eventOf(1, 'cust-a', 15, 1);
    const again = eventOf(0, 'cust-a', 10, 2);
    const results = await useCase.executeBatch([filed, resolved, again, filed]);
    expect(results.map((r) => (r.status === 'scored' ? r.score.band : r.status))).toEqual([
      'high',
      'low',
      'high',
      'already-processed',
    ]);
    // The second crossing is 10 days after the first: inside the 30-day cooldown.
    expect(published.map((f) => f.triggerFired.causationId)).toEqual([filed.eventId]);
    expect(store.events.get('cust-a')).toHaveLength(3);
  });

  it('reads histories and scores once per batch and records once', async () => {
    const store = new SetBasedChurnRiskStore();
    const calls: string[] = [];
    const spied = Object.assign(store, {
      historiesOf: async (ids: readonly string[]) => {
        calls.push(`histories:${ids.length}`);
        return new Map(ids.map((id) => [id, store.events.get(id) ?? []] as const));
      },
      latestScores: async (ids: readonly string[]) => {
        calls.push(`scores:${ids.length}`);
        return new Map();
      },
    });
    const { useCase } = harness(spied);
    await useCase.executeBatch([
      eventOf(0, 'cust-a', 3, 1),
      eventOf(0, 'cust-b', 2, 1),
      eventOf(2, 'cust-a', 1, 1),
    ]);
    expect(calls).toEqual(['histories:2', 'scores:2']);
    expect(store.processed.size).toBe(3);
  });
});
