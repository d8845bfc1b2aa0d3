import fc from 'fast-check';
import {
  applyEventToFeatures,
  applyProfileChangeToFeatures,
  type ProfileChange,
} from '../features/apply-to-features';
import type { CustomerFeatures } from '../features/customer-features';
import type { FeatureEvent } from '../features/feature-series';
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
import {
  ENGINE_SEGMENTS,
  engineCatalogOf,
  engineStepArb,
  eventOf,
  type EngineStep,
} from './segment-engine.fixtures';

/**
 * The engine's property: whatever the stream (late, duplicated, across window and month edges,
 * time advancing with the timer fired at `nextDueMs`, definitions edited, retired and brought
 * back, quantile tables recomputed), after every operation the memberships equal a from-scratch
 * evaluation over the full history, the features equal the reference `applyEventToFeatures`
 * chain, and just before each timer fires nothing has changed yet (the timer is never late).
 */

const HALF_DAY = 43_200_000;
const START = Date.parse('2026-01-01T00:00:00.000Z') + 200 * 2 * HALF_DAY;
const TABLES = [{ monetary: [50, 150, 400, 900] }, { monetary: [10, 20, 30, 40] }];

interface Catalogs {
  versions: Record<string, number>;
  retired: Set<string>;
  table: number;
}

function catalogOf(c: Catalogs): SegmentCatalog {
  return engineCatalogOf(c.versions, c.retired, TABLES[c.table]!);
}

describe('segment engine (property)', () => {
  it('keeps memberships equal to a from-scratch evaluation, with timers never late', () => {
    fc.assert(
      fc.property(fc.array(engineStepArb, { maxLength: 50 }), (steps: EngineStep[]) => {
        let clock = START;
        const config: Catalogs = {
          versions: Object.fromEntries(Object.keys(ENGINE_SEGMENTS).map((id) => [id, 1])),
          retired: new Set(),
          table: 0,
        };
        let catalog = catalogOf(config);
        let stale = false;
        let state: CustomerSegmentState | undefined;
        let reference: CustomerFeatures | undefined;
        const events: FeatureEvent[] = [];
        const profiles: ProfileChange[] = [];
        const delivered: Array<FeatureEvent | ProfileChange> = [];

        const expectMatchesScratch = (at: number) => {
          const active = catalog.active.map((s) => ({ id: s.id, condition: s.condition }));
          const outcomes = evaluateSegments(active, {
            reader: historyReader(events, profiles),
            nowMs: at,
            quantiles: catalog.quantiles,
          });
          const expected = Object.fromEntries(
            catalog.active.filter((s) => outcomes.get(s.id)?.matched).map((s) => [s.id, s.version]),
          );
          expect(state?.memberships ?? {}).toEqual(expected);
        };
        const record = (outcome: EngineOutcome, recorded: boolean) => {
          const before = state?.memberships ?? {};
          state = outcome.state;
          if (outcome.duplicate) return;
          // One change per flip, in the direction of the flip.
          const flips = new Set([...Object.keys(before), ...Object.keys(state.memberships)]);
          for (const id of flips) {
            const change = outcome.changes.find((c) => c.segmentId === id);
            const was = before[id] !== undefined;
            const is = state.memberships[id] !== undefined;
            if (was === is) expect(change).toBeUndefined();
            else expect(change?.change).toBe(is ? 'entered' : 'exited');
          }
          if (recorded)
            state = withoutRecorded(state, new Set(outcome.changes.map((c) => c.eventId)));
        };
        const reevaluate = (at: number, id: string, recorded: boolean) => {
          if (!state) return;
          reference = reference && pruneFeatures(reference, catalog.spec, at);
          record(reevaluateCustomer(state, catalog, at, { eventId: id }), recorded);
          stale = false;
        };

        steps.forEach((step, index) => {
          switch (step.kind) {
            case 'event':
            case 'profile': {
              const item = eventOf(step, index, clock);
              if ('type' in item) events.push(item);
              else profiles.push(item);
              delivered.push(item);
              const outcome =
                'type' in item
                  ? applyContactEvent(state, item, catalog, clock)
                  : applyProfileChange(state, item, catalog, clock);
              reference =
                'type' in item
                  ? applyEventToFeatures(reference, item, catalog.spec, clock).features
                  : applyProfileChangeToFeatures(reference, item, catalog.spec, clock).features;
              expect(outcome.duplicate).toBe(false);
              record(outcome, step.recorded);
              stale = false;
              break;
            }
            case 'redeliver': {
              // Within the dedup ring; older redeliveries are the Postgres inbox's job.
              const recent = delivered.slice(-catalog.spec.dedupeRing);
              const again = recent[step.pick % Math.max(1, recent.length)];
              if (!again || !state) return;
              const before = state;
              const outcome =
                'type' in again
                  ? applyContactEvent(state, again, catalog, clock)
                  : applyProfileChange(state, again, catalog, clock);
              expect(outcome.duplicate).toBe(true);
              expect(outcome.state).toBe(before);
              expect(outcome.changes).toEqual(
                before.pending.filter((c) => c.triggeringEventId === again.eventId),
              );
              return;
            }
            case 'catalog': {
              const ids = Object.keys(ENGINE_SEGMENTS);
              const id = ids[step.pick % ids.length]!;
              if (step.change === 'quantiles') config.table = 1 - config.table;
              else if (step.change === 'retire' && !config.retired.has(id)) config.retired.add(id);
              else if (config.retired.delete(id) || step.change === 'edit')
                config.versions[id] = config.versions[id]! + 1;
              catalog = catalogOf(config);
              stale = true;
              if (step.announce) reevaluate(clock, `catalog-${index}`, step.recorded);
              else return; // memberships follow on the next operation
              break;
            }
            case 'advance': {
              const target = clock + step.halfDays * HALF_DAY + step.jitterMs;
              if (stale) reevaluate(clock, `catalog-late-${index}`, true);
              if (!step.timers) {
                clock = target;
                return; // memberships follow on the next operation
              }
              for (let i = 0; state?.nextDueMs != null && state.nextDueMs <= target; i++) {
                const due = state.nextDueMs;
                if (due > clock) {
                  // Nothing may have changed before the announced instant.
                  expectMatchesScratch(due - 1);
                  clock = due;
                } // else: a timer missed earlier fires late, now
                reevaluate(clock, `timer-${index}-${i}`, step.recorded);
                expectMatchesScratch(clock);
                expect(i).toBeLessThan(200);
              }
              clock = target;
              break;
            }
          }
          if (!state) return;
          expectMatchesScratch(clock);
          expect(state.features).toEqual(reference);
        });
      }),
      { numRuns: 400 },
    );
  }, 300_000);
});
