import fc from 'fast-check';
import { encodeSegmentStateHash } from '../engine-storage/segment-state-hash.codec';
import type { FeatureEvent } from '../features/feature-series';
import { isInertContactEvent, isSettledStateHash } from './inert-events';
import { engineCatalogOf } from './segment-engine.fixtures';
import { applyContactEvent, emptySegmentState, reevaluateCustomer } from './segment-engine';
import type { CustomerSegmentState } from './customer-segment-state';

const catalog = engineCatalogOf({}, new Set(), { monetary: [50, 150, 400, 900] });
const DAY = 86_400_000;
const START = Date.parse('2026-03-01T09:00:00Z');

const trackedArb = fc.oneof(
  fc.record({
    type: fc.constant('complaint.filed'),
    category: fc.constantFrom('network', 'billing', 'service'),
    severity: fc.constantFrom('low', 'high'),
  }),
  fc.record({ type: fc.constant('purchase.completed'), amount: fc.integer({ min: 1, max: 1200 }) }),
  fc.record({ type: fc.constant('survey.answered'), score: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ type: fc.constantFrom('service.incident', 'call.completed') }),
);
/** Types no segment reads, and a survey answer without the score its only series measures. */
const inertArb = fc.oneof(
  fc.record({ type: fc.constantFrom('visit.completed', 'message.sent', 'message.opened') }),
  fc.record({ type: fc.constant('survey.answered'), comment: fc.string() }),
);

function event(draft: { type: string }, id: string, atMs: number): FeatureEvent {
  const { type, ...payload } = draft;
  return {
    eventId: id,
    customerId: 'c-1',
    type,
    occurredAt: new Date(atMs).toISOString(),
    payload,
  };
}

/** A customer after a random history, re-evaluated at `nowMs` (as a timer or backfill leaves it). */
function settledAt(drafts: ReadonlyArray<{ type: string }>, nowMs: number): CustomerSegmentState {
  let state = emptySegmentState('c-1');
  drafts.forEach((draft, i) => {
    const at = START + i * (DAY / 3);
    state = applyContactEvent(state, event(draft, `h-${i}`, at), catalog, at).state;
  });
  return reevaluateCustomer(state, catalog, nowMs, { eventId: 'settle' }).state;
}

describe('inert contact events', () => {
  it('tells events a tracked series measures from those none does', () => {
    fc.assert(
      fc.property(trackedArb, inertArb, (tracked, inert) => {
        expect(isInertContactEvent(event(tracked, 't', START), catalog)).toBe(false);
        expect(isInertContactEvent(event(inert, 'i', START), catalog)).toBe(true);
      }),
    );
  });

  it('change nothing but the count, ring and clock of a settled state', () => {
    fc.assert(
      fc.property(
        fc.array(trackedArb, { maxLength: 25 }),
        inertArb,
        fc.integer({ min: 0, max: 120 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (history, inert, settleDays, towardDue) => {
          const settledMs = START + settleDays * DAY;
          const state = settledAt(history, settledMs);
          // Any instant before the timer: the state is still settled then.
          const horizon = state.nextDueMs === null ? 400 * DAY : state.nextDueMs - settledMs;
          const nowMs = settledMs + Math.floor(towardDue * (horizon - 1));
          expect(isSettledStateHash(encodeSegmentStateHash(state), nowMs)).toBe(true);
          const outcome = applyContactEvent(state, event(inert, 'inert-1', nowMs), catalog, nowMs);
          expect(outcome.changes).toEqual([]);
          expect(outcome.state.memberships).toEqual(state.memberships);
          expect(outcome.state.nextDueMs).toBe(state.nextDueMs);
          expect(outcome.state.pending).toEqual(state.pending);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('settled means not merged and the timer ahead, under whichever catalog', () => {
    const complaint = { type: 'complaint.filed', category: 'network', severity: 'high' };
    const state = settledAt([complaint, complaint], START + DAY);
    const hash = encodeSegmentStateHash(state);
    expect(state.nextDueMs).not.toBeNull();
    const due = state.nextDueMs!;
    expect(isSettledStateHash(hash, due - 1)).toBe(true);
    expect(isSettledStateHash(hash, due)).toBe(false);
    expect(isSettledStateHash({ ...hash, g: 'c-2' }, START + DAY)).toBe(false);
    const { n: _due, ...idle } = hash;
    expect(isSettledStateHash(idle, due + 365 * DAY)).toBe(true);
    // Another catalog's state: that change's re-evaluation job covers it, events or not.
    expect(isSettledStateHash({ ...hash, k: 'another' }, START + DAY)).toBe(true);
  });
});
