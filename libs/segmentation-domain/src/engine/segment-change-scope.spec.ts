import fc from 'fast-check';
import type { ProfileChange } from '../features/apply-to-features';
import type { FeatureEvent } from '../features/feature-series';
import { seriesCode } from '../features/features-hash.codec';
import {
  decodeSegmentStateHash,
  decodeSelectedState,
  encodeSegmentStateHash,
} from '../engine-storage/segment-state-hash.codec';
import { conditionInputs } from './condition-inputs';
import type { CustomerSegmentState } from './customer-segment-state';
import type { SegmentCatalog } from './segment-catalog';
import {
  fieldsForSegmentChange,
  segmentChangeAffects,
  selectionForSegmentChange,
} from './segment-change-scope';
import {
  applyContactEvent,
  applyProfileChange,
  emptySegmentState,
  reevaluateCustomer,
} from './segment-engine';
import {
  ENGINE_SEGMENTS,
  engineCatalogOf,
  engineStepArb,
  eventOf,
  type EngineStep,
} from './segment-engine.fixtures';

const HALF_DAY = 43_200_000;
const START = Date.parse('2026-03-01T00:00:00.000Z');
const IDS = Object.keys(ENGINE_SEGMENTS);

function catalogOf(versions: Record<string, number>, retired: readonly string[]): SegmentCatalog {
  return engineCatalogOf(versions, new Set(retired), { monetary: [50, 150, 400, 900] });
}

/** One customer's state after `steps` under `catalog`, the clock ending at the returned instant. */
function customerAfter(
  steps: readonly EngineStep[],
  catalog: SegmentCatalog,
): { state: CustomerSegmentState; clock: number } {
  let state = emptySegmentState('c-1');
  let clock = START;
  steps.forEach((step, index) => {
    if (step.kind === 'advance') clock += step.halfDays * HALF_DAY + step.jitterMs;
    if (step.kind !== 'event' && step.kind !== 'profile') return;
    const fact = eventOf(step, index, clock);
    const outcome =
      step.kind === 'profile'
        ? applyProfileChange(state, fact as ProfileChange, catalog, clock)
        : applyContactEvent(state, fact as FeatureEvent, catalog, clock);
    state = { ...outcome.state, pending: [] };
  });
  return { state, clock };
}

const changeArb = fc.record({
  segment: fc.constantFrom(...IDS),
  change: fc.constantFrom('edit' as const, 'retire' as const, 'reactivate' as const),
  laterHalfDays: fc.integer({ min: 0, max: 40 }),
});

describe('segmentChangeAffects', () => {
  it('screens out only customers whom a full re-evaluation would leave unchanged', () => {
    let screenedOut = 0;
    let affected = 0;
    fc.assert(
      fc.property(
        fc.array(engineStepArb, { maxLength: 40 }),
        changeArb,
        (steps, { segment, change, laterHalfDays }) => {
          const before = change === 'reactivate' ? catalogOf({}, [segment]) : catalogOf({}, []);
          const after =
            change === 'retire' ? catalogOf({}, [segment]) : catalogOf({ [segment]: 2 }, []);
          const { state, clock } = customerAfter(steps, before);
          const nowMs = clock + laterHalfDays * HALF_DAY;

          const verdict = segmentChangeAffects(state, after, segment, nowMs);
          // The screen reads only the fields it names, as the hot store's partial read gives
          // them (a series stored as a reference to one not named is read in its place), and
          // decodes only what it selects of them.
          const fields = fieldsForSegmentChange(after, segment);
          const stored = encodeSegmentStateHash(state);
          const partialHash = fields === undefined ? stored : partialRead(stored, fields);
          const partial = decodeSegmentStateHash(partialHash, 'c-1', after);
          expect(segmentChangeAffects(partial, after, segment, nowMs)).toBe(verdict);
          const selection = selectionForSegmentChange(after, segment);
          expect(selection === undefined).toBe(fields === undefined);
          if (selection !== undefined) {
            const selected = decodeSelectedState(partialHash, 'c-1', selection);
            expect(segmentChangeAffects(selected, after, segment, nowMs)).toBe(verdict);
          }

          if (verdict) {
            affected++;
            return;
          }
          screenedOut++;
          const full = reevaluateCustomer(state, after, nowMs, { eventId: 'backfill:1' });
          expect(full.changes).toEqual([]);
          expect(full.state.memberships).toEqual(state.memberships);
          // A timer may only move later: the segment's new condition changes no sooner.
          expect(full.state.nextDueMs ?? Infinity).toBeGreaterThanOrEqual(
            state.nextDueMs ?? Infinity,
          );
        },
      ),
      { numRuns: 400 },
    );
    // Both branches were exercised, so the property is not vacuous.
    expect(screenedOut).toBeGreaterThan(20);
    expect(affected).toBeGreaterThan(20);
  });

  it('settles customers already evaluated under the new catalog and merged tombstones', () => {
    const after = catalogOf({ 'repeated-complainers': 2 }, []);
    const evaluated = { ...emptySegmentState('c-1'), catalogKey: after.key };
    const member = { ...evaluated, memberships: { 'repeated-complainers': 1 } };
    expect(segmentChangeAffects(member, after, 'repeated-complainers', START)).toBe(false);
    const merged = { ...member, catalogKey: 'older', mergedInto: 'c-2' };
    expect(segmentChangeAffects(merged, after, 'repeated-complainers', START)).toBe(false);
    // The same member under an older catalog: its version must move to 2 (or it exits).
    expect(
      segmentChangeAffects(
        { ...member, catalogKey: 'older' },
        after,
        'repeated-complainers',
        START,
      ),
    ).toBe(true);
  });

  it('names the series of the segment, or the whole hash when it reads profile attributes', () => {
    const catalog = catalogOf({}, []);
    const fields = fieldsForSegmentChange(catalog, 'repeated-complainers')!;
    // The series its condition reads, by code and by the earlier `s:` name; no other series,
    // not even one of the same event type its value may refer to (the read follows those).
    const condition = catalog.byId.get('repeated-complainers')!.segment.condition;
    const read = [...conditionInputs(condition).series];
    expect(read.length).toBeGreaterThan(0);
    const codes = read.map((key) => seriesCode(key)).sort();
    expect(fields.filter((f) => f.startsWith('s:')).sort()).toEqual(codes.map((c) => `s:${c}`));
    expect(fields.filter((f) => f.length === 5).sort()).toEqual(codes);
    expect(fields).toEqual(expect.arrayContaining(['M', 'n', 'k', 'g', 'v']));
    expect(fieldsForSegmentChange(catalog, 'vip')).toBeUndefined();
    expect(selectionForSegmentChange(catalog, 'vip')).toBeUndefined();
  });
});

/** `fields` of a stored hash as the hot store reads them, references followed in place. */
function partialRead(stored: Record<string, string>, fields: readonly string[]) {
  const read: Record<string, string> = {};
  for (const field of fields) {
    const value = stored[field];
    if (value === undefined) continue;
    read[field] =
      field.length === 5 && value.startsWith('=') ? (stored[value.slice(1)] ?? value) : value;
  }
  return read;
}
