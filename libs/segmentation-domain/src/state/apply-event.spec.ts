import type { SegmentDefinition } from '../definitions/segment-definition';
import { membershipEventId } from '../membership/membership-change';
import { applyEvent, type AppliedEvent } from './apply-event';
import type { CustomerState } from './customer-state';

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

let seq = 0;
const complaint = (atMs: number, id = `e${++seq}`): AppliedEvent => ({
  eventId: id,
  customerId: 'c-1',
  type: 'complaint.filed',
  occurredAt: new Date(atMs).toISOString(),
});

function applyAll(
  events: AppliedEvent[],
  defs = DEFS,
): { state: CustomerState | undefined; changes: string[] } {
  let state: CustomerState | undefined;
  const changes: string[] = [];
  for (const event of events) {
    const outcome = applyEvent(state, event, defs);
    state = outcome.newState;
    changes.push(...outcome.changes.map((c) => `${c.change}:${c.triggeringEventId}`));
  }
  return { state, changes };
}

describe('applyEvent', () => {
  it('enters on the 2nd complaint, with reason and deterministic id', () => {
    const first = applyEvent(undefined, complaint(T0, 'a'), DEFS);
    expect(first.changes).toEqual([]);
    const second = applyEvent(first.newState, complaint(T0 + DAY, 'b'), DEFS);
    expect(second.changes).toHaveLength(1);
    const change = second.changes[0]!;
    expect(change).toMatchObject({
      change: 'entered',
      segmentId: 'repeated-complainers',
      triggeringEventId: 'b',
      at: new Date(T0 + DAY).toISOString(),
      reason: {
        summary: 'complaint.filed count over 30 days = 2 ≥ 2',
        values: { 'count(complaint.filed,30d)': 2 },
      },
    });
    expect(change.eventId).toBe(
      membershipEventId({
        customerId: 'c-1',
        segmentId: 'repeated-complainers',
        definitionVersion: 1,
        triggeringEventId: 'b',
        change: 'entered',
      }),
    );
    expect(second.newState.memberships['repeated-complainers']).toBeDefined();
    expect(second.newState.version).toBe(2);
  });

  it('a duplicate changes nothing and replays the original changes', () => {
    const first = applyEvent(undefined, complaint(T0, 'a'), DEFS);
    const second = applyEvent(first.newState, complaint(T0 + DAY, 'b'), DEFS);
    const again = applyEvent(second.newState, complaint(T0 + DAY, 'b'), DEFS);
    expect(again.duplicate).toBe(true);
    expect(again.changes).toEqual([]);
    expect(again.newState).toBe(second.newState);
    expect(again.replayedChanges).toEqual(second.changes);
  });

  it('does not mutate the input state', () => {
    const first = applyEvent(undefined, complaint(T0, 'a'), DEFS);
    const snapshot = JSON.stringify(first.newState);
    applyEvent(first.newState, complaint(T0 + DAY, 'b'), DEFS);
    expect(JSON.stringify(first.newState)).toBe(snapshot);
  });

  it('window edge: exactly 30 days apart does not count, one ms less does', () => {
    expect(applyAll([complaint(T0), complaint(T0 + 30 * DAY)]).changes).toEqual([]);
    expect(applyAll([complaint(T0), complaint(T0 + 30 * DAY - 1)]).changes).toHaveLength(1);
  });

  it('exits when a later event slides the window past the old complaints', () => {
    const { changes } = applyAll([
      complaint(T0, 'a'),
      complaint(T0 + DAY, 'b'),
      {
        eventId: 'x',
        customerId: 'c-1',
        type: 'call.completed',
        occurredAt: new Date(T0 + 31 * DAY).toISOString(),
      },
    ]);
    expect(changes).toEqual(['entered:b', 'exited:x']);
  });

  it('a late (out-of-order) complaint lands in the window of the latest event', () => {
    const { changes, state } = applyAll([
      complaint(T0 + 10 * DAY, 'late-first'),
      complaint(T0 + 5 * DAY, 'older'),
    ]);
    expect(changes).toEqual(['entered:older']);
    expect(state?.lastEventAtMs).toBe(T0 + 10 * DAY);
    expect(state?.events['complaint.filed']?.map(([, id]) => id)).toEqual(['older', 'late-first']);
  });

  it('an event too old for any window is counted in totals but not kept', () => {
    const { state, changes } = applyAll([
      complaint(T0 + 100 * DAY, 'new'),
      complaint(T0, 'ancient'),
    ]);
    expect(changes).toEqual([]);
    expect(state?.events['complaint.filed']?.map(([, id]) => id)).toEqual(['new']);
    expect(state?.totals['complaint.filed']).toBe(2);
  });

  it('keeps no timestamps for types no rule counts over', () => {
    const { state } = applyAll([
      {
        eventId: 'p',
        customerId: 'c-1',
        type: 'purchase.completed',
        occurredAt: new Date(T0).toISOString(),
      },
    ]);
    expect(state?.events).toEqual({});
    expect(state?.totals).toEqual({ 'purchase.completed': 1 });
  });

  it('a new definition version keeps the member without a flip', () => {
    const { state } = applyAll([complaint(T0, 'a'), complaint(T0 + DAY, 'b')]);
    const v2 = { ...REPEATED_COMPLAINERS, version: 2 };
    const outcome = applyEvent(state, complaint(T0 + 2 * DAY, 'c'), [v2]);
    expect(outcome.changes).toEqual([]);
    expect(outcome.newState.memberships['repeated-complainers']?.definitionVersion).toBe(2);
  });

  it('rejects an event for another customer', () => {
    const first = applyEvent(undefined, complaint(T0, 'a'), DEFS);
    expect(() => applyEvent(first.newState, { ...complaint(T0), customerId: 'c-2' }, DEFS)).toThrow(
      /another customer/,
    );
  });
});
