import type { SegmentDefinition } from '../definitions/segment-definition';
import { applyEvent, type AppliedEvent } from './apply-event';
import { STATE_LIMITS, type CustomerState } from './customer-state';
import { mergeCustomerStates, tombstoneMergedState } from './merge-customer-states';
import { routeContactEvent } from './route-contact-event';

const REPEATED_COMPLAINERS: SegmentDefinition = {
  id: 'repeated-complainers',
  version: 1,
  status: 'active',
  name: 'Repeated complainers',
  description: '2+ complaints in 30 days',
  owner: 'retention',
  strategy: 'win back actively',
  rule: {
    kind: 'gte',
    left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
    right: 2,
  },
};
const DEFS = [REPEATED_COMPLAINERS];
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const MERGE = { eventId: 'merge-1', survivorId: 'a' };

const complaint = (customerId: string, eventId: string, atMs: number): AppliedEvent => ({
  eventId,
  customerId,
  type: 'complaint.filed',
  occurredAt: new Date(atMs).toISOString(),
});

function stateOf(customerId: string, events: AppliedEvent[]): CustomerState {
  let state: CustomerState | undefined;
  for (const event of events) state = applyEvent(state, { ...event, customerId }, DEFS).newState;
  if (!state) throw new Error('no events');
  return state;
}

/** Tombstones each merged id, then folds them: the order the use case runs the two steps in. */
function merge(survivor: CustomerState | undefined, merged: CustomerState[]) {
  const tombstones = merged.map((s) => tombstoneMergedState(s, s.customerId, MERGE, DEFS));
  return {
    tombstones,
    outcome: mergeCustomerStates(
      survivor,
      tombstones.map((t) => t.newState),
      DEFS,
      MERGE,
    ),
  };
}

describe('tombstoneMergedState', () => {
  it('exits every membership of the merged id, naming the survivor, and blocks further events', () => {
    const b = stateOf('b', [complaint('b', 'b1', T0), complaint('b', 'b2', T0 + DAY)]);
    expect(Object.keys(b.memberships)).toEqual(['repeated-complainers']);
    const { newState, changes } = tombstoneMergedState(b, 'b', MERGE, DEFS);
    expect(changes).toEqual([
      expect.objectContaining({
        customerId: 'b',
        segmentId: 'repeated-complainers',
        change: 'exited',
        triggeringEventId: 'merge-1',
        reason: { summary: 'merged into a', values: { mergedInto: 'a' } },
        strategy: 'win back actively',
        cause: 'merge',
      }),
    ]);
    expect(newState).toMatchObject({ mergedInto: 'a', memberships: {}, version: b.version + 1 });
    expect(routeContactEvent(newState)).toEqual({ kind: 'redirect', survivorId: 'a' });
    expect(routeContactEvent(b)).toEqual({ kind: 'apply' });
    expect(routeContactEvent(undefined)).toEqual({ kind: 'apply' });
    expect(() => applyEvent(newState, complaint('b', 'b3', T0), DEFS)).toThrow(
      expect.objectContaining({ code: 'CUSTOMER_MERGED' }),
    );
  });

  it('repeated, replays the same exits without writing anything', () => {
    const b = stateOf('b', [complaint('b', 'b1', T0), complaint('b', 'b2', T0 + DAY)]);
    const first = tombstoneMergedState(b, 'b', MERGE, DEFS);
    const again = tombstoneMergedState(first.newState, 'b', MERGE, DEFS);
    expect(again).toEqual({ newState: first.newState, changes: first.changes, duplicate: true });
  });
});

describe('mergeCustomerStates', () => {
  it("enters the survivor with the merged id's complaint, with a reason naming the merge", () => {
    const a = stateOf('a', [complaint('a', 'a1', T0)]);
    const b = stateOf('b', [complaint('b', 'b1', T0 + DAY)]);
    const { outcome } = merge(a, [b]);
    expect(outcome.changes).toEqual([
      expect.objectContaining({
        customerId: 'a',
        segmentId: 'repeated-complainers',
        change: 'entered',
        triggeringEventId: 'merge-1',
        reason: {
          summary: 'complaint.filed count over 30 days = 2 ≥ 2 (after merging b into a)',
          values: { 'count(complaint.filed,30d)': 2, mergedIds: 'b' },
        },
      }),
    ]);
    expect(outcome.newState).toMatchObject({
      customerId: 'a',
      version: a.version + 1,
      lastEventAtMs: T0 + DAY,
      totals: { 'complaint.filed': 2 },
      events: {
        'complaint.filed': [
          [T0, 'a1'],
          [T0 + DAY, 'b1'],
        ],
      },
    });
    expect(outcome.newState.mergedInto).toBeUndefined();
    // A redelivery of a merged id's event is a duplicate for the survivor now.
    expect(applyEvent(outcome.newState, complaint('a', 'b1', T0 + DAY), DEFS).duplicate).toBe(true);
  });

  it('does not depend on the order of the merged ids', () => {
    const a = stateOf('a', [complaint('a', 'a1', T0)]);
    const b = stateOf('b', [complaint('b', 'b1', T0 + DAY)]);
    const c = stateOf('c', [
      complaint('c', 'c1', T0 + 2 * DAY),
      complaint('c', 'c2', T0 + 3 * DAY),
    ]);
    expect(merge(a, [b, c]).outcome).toEqual(merge(a, [c, b]).outcome);
  });

  it('counts an event both states applied once', () => {
    const a = stateOf('a', [complaint('a', 'shared', T0)]);
    const b = stateOf('b', [complaint('b', 'shared', T0)]);
    const { outcome } = merge(a, [b]);
    expect(outcome.newState.totals).toEqual({ 'complaint.filed': 1 });
    expect(outcome.newState.events['complaint.filed']).toEqual([[T0, 'shared']]);
    expect(outcome.changes).toEqual([]);
  });

  it('keeps a survivor membership that still holds, without publishing anything', () => {
    const a = stateOf('a', [complaint('a', 'a1', T0), complaint('a', 'a2', T0 + DAY)]);
    const b = stateOf('b', [complaint('b', 'b1', T0 + 2 * DAY)]);
    const { outcome } = merge(a, [b]);
    expect(outcome.changes).toEqual([]);
    expect(outcome.newState.memberships).toEqual(a.memberships);
  });

  it("exits the survivor when the merged id's later event time slides its window", () => {
    const a = stateOf('a', [complaint('a', 'a1', T0), complaint('a', 'a2', T0 + DAY)]);
    const b = stateOf('b', [
      {
        eventId: 'b1',
        customerId: 'b',
        type: 'call.completed',
        occurredAt: new Date(T0 + 60 * DAY).toISOString(),
      },
    ]);
    const { outcome } = merge(a, [b]);
    expect(outcome.changes.map((c) => `${c.customerId}:${c.change}`)).toEqual(['a:exited']);
    expect(outcome.newState.memberships).toEqual({});
  });

  it('keeps the bounds and carries the merged ids’ recent ids without their changes', () => {
    const many = (customerId: string, n: number, offset: number) =>
      Array.from({ length: n }, (_, i) => ({
        eventId: `${customerId}-${i}`,
        customerId,
        type: 'call.completed',
        occurredAt: new Date(T0 + offset + i).toISOString(),
      }));
    const a = stateOf('a', many('a', 100, 0));
    const b = stateOf('b', [
      complaint('b', 'b-c1', T0),
      complaint('b', 'b-c2', T0 + 1),
      ...many('b', 100, 1000),
    ]);
    const { outcome } = merge(a, [b]);
    const recent = outcome.newState.recent;
    expect(recent).toHaveLength(STATE_LIMITS.recentEventIds);
    expect(recent.at(-1)).toEqual({ eventId: 'merge-1', changes: outcome.changes });
    expect(
      recent.filter((r) => r.eventId.startsWith('b-')).every((r) => r.changes.length === 0),
    ).toBe(true);
    expect(outcome.newState.totals).toEqual({ 'call.completed': 200, 'complaint.filed': 2 });
  });

  it('repeated, replays the changes of its first application', () => {
    const a = stateOf('a', [complaint('a', 'a1', T0)]);
    const b = stateOf('b', [complaint('b', 'b1', T0 + DAY)]);
    const { tombstones, outcome } = merge(a, [b]);
    const again = mergeCustomerStates(
      outcome.newState,
      tombstones.map((t) => t.newState),
      DEFS,
      MERGE,
    );
    expect(again).toEqual({
      newState: outcome.newState,
      changes: outcome.changes,
      duplicate: true,
    });
  });

  it('creates the survivor when it had no state, and refuses a merged survivor', () => {
    const b = stateOf('b', [complaint('b', 'b1', T0), complaint('b', 'b2', T0 + DAY)]);
    const { outcome } = merge(undefined, [b]);
    expect(outcome.newState).toMatchObject({ customerId: 'a', version: 1 });
    expect(outcome.changes.map((c) => `${c.customerId}:${c.change}`)).toEqual(['a:entered']);
    const tomb = tombstoneMergedState(
      stateOf('a', [complaint('a', 'a1', T0)]),
      'a',
      { eventId: 'm0', survivorId: 'z' },
      DEFS,
    );
    expect(() => mergeCustomerStates(tomb.newState, [b], DEFS, MERGE)).toThrow(
      expect.objectContaining({ code: 'INVALID_SURVIVOR' }),
    );
  });
});
