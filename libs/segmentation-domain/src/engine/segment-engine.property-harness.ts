import { isDeepStrictEqual } from 'node:util';
import {
  applyEventToFeatures,
  applyProfileChangeToFeatures,
  type ProfileChange,
} from '../features/apply-to-features';
import type { CustomerFeatures } from '../features/customer-features';
import type { FeatureEvent } from '../features/feature-series';
import type { FeatureSpec } from '../features/feature-spec';
import { historyReader } from '../features/history-reader';
import { pruneFeatures } from '../features/prune-features';
import { evaluateSegments } from '../language/segment-set';
import type { CustomerSegmentState } from './customer-segment-state';
import type { SegmentCatalog } from './segment-catalog';
import {
  applyContactEvent,
  applyProfileChange,
  reevaluateCustomer,
  withoutRecorded,
  type EngineOutcome,
} from './segment-engine';

/**
 * One customer of the engine's property tests, driven through the engine beside what it is
 * checked against: its whole history (the from-scratch oracle) and the reference
 * `applyEventToFeatures` chain for its features.
 */
export class EngineCustomer {
  state: CustomerSegmentState | undefined;
  private reference: CustomerFeatures | undefined;
  private readonly events: FeatureEvent[] = [];
  private readonly profiles: ProfileChange[] = [];
  private readonly delivered: Array<FeatureEvent | ProfileChange> = [];
  private checked: { state: unknown; catalog: SegmentCatalog; atMs: number } | undefined;

  constructor(readonly id: string) {}

  /** A first delivery of an event or profile change. */
  deliver(
    item: FeatureEvent | ProfileChange,
    catalog: SegmentCatalog,
    nowMs: number,
    recorded: boolean,
  ): void {
    if ('type' in item) this.events.push(item);
    else this.profiles.push(item);
    this.delivered.push(item);
    const outcome =
      'type' in item
        ? applyContactEvent(this.state, item, catalog, nowMs)
        : applyProfileChange(this.state, item, catalog, nowMs);
    this.reference =
      'type' in item
        ? applyEventToFeatures(this.reference, item, catalog.spec, nowMs).features
        : applyProfileChangeToFeatures(this.reference, item, catalog.spec, nowMs).features;
    expectEqual(outcome.duplicate, false);
    this.record(outcome, recorded);
  }

  /** Within the dedup ring; older redeliveries are the Postgres inbox's job. */
  redeliver(pick: number, catalog: SegmentCatalog, nowMs: number): void {
    const recent = this.delivered.slice(-catalog.spec.dedupeRing);
    const again = recent[pick % Math.max(1, recent.length)];
    const before = this.state;
    if (!again || !before) return;
    const outcome =
      'type' in again
        ? applyContactEvent(before, again, catalog, nowMs)
        : applyProfileChange(before, again, catalog, nowMs);
    expect(outcome.duplicate).toBe(true);
    expect(outcome.state).toBe(before);
    expect(outcome.changes).toEqual(
      before.pending.filter((c) => c.triggeringEventId === again.eventId),
    );
  }

  /** Timer fired or backfill: every segment re-evaluated, no new fact. */
  reevaluate(catalog: SegmentCatalog, nowMs: number, eventId: string, recorded: boolean): void {
    if (!this.state) return;
    this.reference = this.reference && pruneFeatures(this.reference, catalog.spec, nowMs);
    this.record(reevaluateCustomer(this.state, catalog, nowMs, { eventId }), recorded);
  }

  expectMatchesScratch(catalog: SegmentCatalog, atMs: number): void {
    // The oracle rescans the whole history: not again for a customer nothing happened to.
    const last = this.checked;
    if (last && last.state === this.state && last.catalog === catalog && last.atMs === atMs) return;
    this.checked = { state: this.state, catalog, atMs };
    const active = catalog.active.map((s) => ({ id: s.id, condition: s.condition }));
    const outcomes = evaluateSegments(active, {
      reader: historyReader(this.events, this.profiles),
      nowMs: atMs,
      quantiles: catalog.quantiles,
    });
    const expected = Object.fromEntries(
      catalog.active.filter((s) => outcomes.get(s.id)?.matched).map((s) => [s.id, s.version]),
    );
    expectEqual(this.state?.memberships ?? {}, expected);
  }

  expectFeaturesMatchReference(): void {
    expectEqual(this.state?.features, this.reference);
  }

  private record(outcome: EngineOutcome, recorded: boolean): void {
    const before = this.state?.memberships ?? {};
    const state = outcome.state;
    this.state = state;
    if (outcome.duplicate) return;
    // One change per flip, in the direction of the flip.
    for (const id of new Set([...Object.keys(before), ...Object.keys(state.memberships)])) {
      const change = outcome.changes.find((c) => c.segmentId === id);
      const was = before[id] !== undefined;
      const is = state.memberships[id] !== undefined;
      expectEqual(change?.change, was === is ? undefined : is ? 'entered' : 'exited');
    }
    if (recorded)
      this.state = withoutRecorded(state, new Set(outcome.changes.map((c) => c.eventId)));
  }
}

/** The customer whose timer is due first, if any. */
export function earliestDue(customers: readonly EngineCustomer[]): EngineCustomer | undefined {
  let earliest: EngineCustomer | undefined;
  for (const customer of customers) {
    const due = customer.state?.nextDueMs;
    if (due != null && (earliest === undefined || due < earliest.state!.nextDueMs!))
      earliest = customer;
  }
  return earliest;
}

/**
 * Whether `after` keeps a series or attribute `before` does not (or more of its history). Such
 * a one starts empty: its history is the backfill's, from the durable events, which the
 * from-scratch oracle would count already.
 */
export function widensSpec(before: FeatureSpec, after: FeatureSpec): boolean {
  for (const series of Object.values(after.series)) {
    const kept = before.series[series.key];
    if (!kept || kept.dayHorizon < series.dayHorizon || kept.monthHorizon < series.monthHorizon)
      return true;
  }
  return after.profile.some((attribute) => !before.profile.includes(attribute));
}

/** `toEqual`, asked only when a strict comparison fails: matchers cost most of the run time. */
function expectEqual(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}
