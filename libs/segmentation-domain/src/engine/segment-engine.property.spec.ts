import fc from 'fast-check';
import type { SegmentCatalog } from './segment-catalog';
import { segmentChangeAffects } from './segment-change-scope';
import {
  ENGINE_SEGMENTS,
  engineCatalogOf,
  engineStepArb,
  eventOf,
  type EngineStep,
} from './segment-engine.fixtures';
import { changeLineage, firstLineage, lineageCatalogOf } from './segment-engine.property-catalogs';
import { EngineCustomer, earliestDue, widensSpec } from './segment-engine.property-harness';
import { lineageStepArb, type LineageStep } from './segment-engine.property-steps';

/**
 * The engine's property: whatever the stream (late, duplicated, across window and month edges,
 * time advancing with the timer fired at `nextDueMs`, definitions edited, added, retired and
 * brought back, quantile tables recomputed), after every operation the memberships equal a
 * from-scratch evaluation over the full history, the features equal the reference
 * `applyEventToFeatures` chain, and just before each timer fires nothing has changed yet (the
 * timer is never late). Streams run to their full length (`size: 'max'`): fast-check's default
 * size keeps arrays to about ten steps, too few for a change to be followed by later events.
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
    const streams = fc.array(engineStepArb, { maxLength: 50, size: 'max' });
    fc.assert(
      fc.property(streams, (steps: EngineStep[]) => {
        let clock = START;
        let config: Catalogs = {
          versions: Object.fromEntries(Object.keys(ENGINE_SEGMENTS).map((id) => [id, 1])),
          retired: new Set(),
          table: 0,
        };
        let catalog = catalogOf(config);
        let stale = false;
        const customer = new EngineCustomer('c-1');
        const reevaluate = (at: number, id: string, recorded: boolean) => {
          customer.reevaluate(catalog, at, id, recorded);
          stale = false;
        };

        steps.forEach((step, index) => {
          switch (step.kind) {
            case 'event':
            case 'profile': {
              customer.deliver(eventOf(step, index, clock), catalog, clock, step.recorded);
              stale = false;
              break;
            }
            case 'redeliver':
              customer.redeliver(step.pick, catalog, clock);
              return;
            case 'catalog': {
              const ids = Object.keys(ENGINE_SEGMENTS);
              const id = ids[step.pick % ids.length]!;
              const next = structuredClone(config);
              if (step.change === 'quantiles') next.table = 1 - next.table;
              else if (step.change === 'retire' && !next.retired.has(id)) next.retired.add(id);
              else if (next.retired.delete(id) || step.change === 'edit')
                next.versions[id] = next.versions[id]! + 1;
              const proposed = catalogOf(next);
              // Bringing back a segment whose series its retirement dropped: left out.
              if (widensSpec(catalog.spec, proposed.spec)) return;
              config = next;
              catalog = proposed;
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
              for (let i = 0; customer.state?.nextDueMs != null; i++) {
                const due = customer.state.nextDueMs;
                if (due > target) break;
                if (due > clock) {
                  // Nothing may have changed before the announced instant.
                  customer.expectMatchesScratch(catalog, due - 1);
                  clock = due;
                } // else: a timer missed earlier fires late, now
                reevaluate(clock, `timer-${index}-${i}`, step.recorded);
                customer.expectMatchesScratch(catalog, clock);
                expect(i).toBeLessThan(200);
              }
              clock = target;
              break;
            }
          }
          if (!customer.state) return;
          customer.expectMatchesScratch(catalog, clock);
          customer.expectFeaturesMatchReference();
        });
      }),
      { numRuns: 400 },
    );
  }, 300_000);

  // Customers left on earlier catalogs (no backfill reached them, or its screen passed them
  // over) evaluate on their next event only the segments it touched and those changed since:
  // the catalog diff (catalog-lineage) must name every one whose result can differ.
  it('brings customers left on earlier catalogs up to date on their next event', () => {
    const streams = fc.array(lineageStepArb, { maxLength: 80, size: 'max' });
    fc.assert(
      fc.property(streams, (steps: LineageStep[]) => {
        let clock = START;
        const lineage = firstLineage();
        let catalog = lineageCatalogOf(lineage);
        const customers = ['c-1', 'c-2', 'c-3'].map((id) => new EngineCustomer(id));
        // Not evaluated since a change or their timer: checked again once they are.
        const lagging = new Set<EngineCustomer>();
        const reevaluate = (customer: EngineCustomer, id: string, recorded: boolean) => {
          customer.reevaluate(catalog, clock, id, recorded);
          lagging.delete(customer);
        };

        steps.forEach((step, index) => {
          switch (step.kind) {
            case 'event':
            case 'profile': {
              const customer = customers[step.who % customers.length]!;
              const item = eventOf(step, index, clock, customer.id);
              customer.deliver(item, catalog, clock, step.recorded);
              lagging.delete(customer);
              break;
            }
            case 'redeliver':
              customers[step.who % customers.length]!.redeliver(step.pick, catalog, clock);
              break;
            case 'catalog': {
              const segmentId = changeLineage(lineage, step.change, step.pick);
              catalog = lineageCatalogOf(lineage);
              for (const customer of customers) {
                const { state } = customer;
                if (!state) continue;
                // A customer the one-segment screen passes over must already hold the
                // memberships of the new catalog (checked below), whatever its key says.
                // Quantile tables concern no one segment: everyone is re-evaluated.
                const reached =
                  step.backfill === 'all' ||
                  (step.backfill === 'scoped' &&
                    (segmentId === undefined ||
                      segmentChangeAffects(state, catalog, segmentId, clock)));
                if (reached) reevaluate(customer, `catalog-${index}`, step.recorded);
                else if (step.backfill === 'none') lagging.add(customer);
              }
              break;
            }
            case 'advance': {
              const target = clock + step.halfDays * HALF_DAY + step.jitterMs;
              for (let i = 0; step.timers; i++) {
                const next = earliestDue(customers);
                const due = next?.state?.nextDueMs;
                if (!next || due == null || due > target) break;
                if (due > clock) {
                  // Nothing may have changed before the announced instant, for anyone.
                  for (const customer of customers)
                    if (customer.state && !lagging.has(customer))
                      customer.expectMatchesScratch(catalog, due - 1);
                  clock = due;
                } // else: a timer missed earlier fires late, now
                reevaluate(next, `timer-${index}-${i}`, step.recorded);
                expect(i).toBeLessThan(600);
              }
              clock = target;
              // Timers left unfired: those customers catch up on their next evaluation.
              for (const customer of customers) {
                const due = customer.state?.nextDueMs;
                if (due != null && due <= clock) lagging.add(customer);
              }
              break;
            }
          }
          for (const customer of customers) {
            if (!customer.state) continue;
            customer.expectFeaturesMatchReference();
            if (!lagging.has(customer)) customer.expectMatchesScratch(catalog, clock);
          }
        });
      }),
      { numRuns: 400 },
    );
  }, 300_000);
});
