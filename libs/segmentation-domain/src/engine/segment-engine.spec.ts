import type { FeatureEvent } from '../features/feature-series';
import { parseCondition } from '../language/validate-condition';
import { buildSegmentCatalog, type CatalogSegment } from './segment-catalog';
import {
  applyContactEvent,
  applyProfileChange,
  emptySegmentState,
  reevaluateCustomer,
  withoutRecorded,
} from './segment-engine';
import { previewSegment } from './preview-segment';

const DAY = 86_400_000;
const NOW = Date.parse('2026-05-20T12:00:00.000Z');

const segment = (id: string, json: object, version = 1, code = 1): CatalogSegment => ({
  id,
  version,
  code,
  name: id,
  strategy: `win back ${id}`,
  condition: parseCondition(json),
});
const COMPLAINERS = {
  kind: 'compare',
  op: '>=',
  left: { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 30 } },
  right: 2,
};
const LAPSED = {
  kind: 'compare',
  op: '>=',
  left: { kind: 'daysSince', event: 'purchase.completed' },
  right: 60,
};
const complaint = (id: string, atMs = NOW): FeatureEvent => ({
  eventId: id,
  customerId: 'c-1',
  type: 'complaint.filed',
  occurredAt: new Date(atMs).toISOString(),
  payload: { complaintId: id, category: 'billing', severity: 'high', channel: 'phone' },
});
const purchase = (id: string, atMs: number): FeatureEvent => ({
  eventId: id,
  customerId: 'c-1',
  type: 'purchase.completed',
  occurredAt: new Date(atMs).toISOString(),
  payload: { amount: 20, currency: 'EUR', productId: 'p' },
});

const catalog = buildSegmentCatalog({ active: [segment('complainers', COMPLAINERS)] });

function twoComplaints() {
  const first = applyContactEvent(undefined, complaint('e1'), catalog, NOW);
  return applyContactEvent(first.state, complaint('e2'), catalog, NOW);
}

describe('segment engine', () => {
  it('enters with the full reason, a deterministic id and the segment strategy', () => {
    const { state, changes } = twoComplaints();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      customerId: 'c-1',
      segmentId: 'complainers',
      definitionVersion: 1,
      change: 'entered',
      triggeringEventId: 'e2',
      at: new Date(NOW).toISOString(),
      strategy: 'win back complainers',
      reason: { summary: 'count(complaint.filed,30d) = 2 ≥ 2' },
    });
    expect(changes[0]!.eventId).toMatch(/^segm-[0-9a-f]{40}$/);
    expect(state.memberships).toEqual({ complainers: 1 });
    expect(state.pending).toEqual(changes);
    // The second complaint leaves the 30-day window at the midnight starting its 30th day after.
    expect(state.nextDueMs).toBe(Date.parse('2026-06-19T00:00:00.000Z'));
  });

  it('republishes the pending changes of a redelivered event and changes nothing', () => {
    const { state, changes } = twoComplaints();
    const again = applyContactEvent(state, complaint('e2'), catalog, NOW + 1000);
    expect(again).toEqual({ state, changes, duplicate: true });
    expect(again.state).toBe(state);
    const recorded = withoutRecorded(state, new Set(changes.map((c) => c.eventId)));
    expect(recorded.pending).toEqual([]);
    expect(applyContactEvent(recorded, complaint('e2'), catalog, NOW).changes).toEqual([]);
  });

  it('closes the memberships of a retired segment with the version they were under', () => {
    const { state } = twoComplaints();
    const retired = buildSegmentCatalog({ active: [], retiredIds: ['complainers'] });
    const { changes, state: after } = reevaluateCustomer(state, retired, NOW, {
      eventId: 'retire-1',
    });
    expect(changes).toEqual([
      expect.objectContaining({
        segmentId: 'complainers',
        change: 'exited',
        definitionVersion: 1,
        triggeringEventId: 'retire-1',
        reason: { summary: 'segment retired', values: {} },
      }),
    ]);
    expect(after.memberships).toEqual({});
    expect(after.nextDueMs).toBeNull();
  });

  it('updates the version of a member who still matches an edited definition, silently', () => {
    const { state } = twoComplaints();
    const edited = buildSegmentCatalog({ active: [segment('complainers', COMPLAINERS, 2)] });
    const still = reevaluateCustomer(state, edited, NOW, { eventId: 'edit-2' });
    expect(still.changes).toEqual([]);
    expect(still.state.memberships).toEqual({ complainers: 2 });
    const stricter = { ...COMPLAINERS, right: 3 };
    const v3 = buildSegmentCatalog({ active: [segment('complainers', stricter, 3)] });
    const out = reevaluateCustomer(still.state, v3, NOW, { eventId: 'edit-3' });
    expect(out.changes).toEqual([
      expect.objectContaining({ change: 'exited', definitionVersion: 3 }),
    ]);
  });

  it('brings a state of an earlier catalog up to date on an event that touches other segments', () => {
    // Member of both, evaluated under v1 of each; then only `complainers` gets stricter (v2).
    const both = (complainers: object, version: number) =>
      buildSegmentCatalog({
        active: [segment('complainers', complainers, version, 1), segment('lapsed', LAPSED, 1, 2)],
      });
    const v1 = both(COMPLAINERS, 1);
    let state = applyContactEvent(undefined, purchase('p1', NOW - 90 * DAY), v1, NOW).state;
    state = applyContactEvent(state, complaint('e1'), v1, NOW).state;
    state = applyContactEvent(state, complaint('e2'), v1, NOW).state;
    expect(state.memberships).toEqual({ complainers: 1, lapsed: 1 });
    const v2 = both({ ...COMPLAINERS, right: 3 }, 2);
    // A purchase touches `lapsed` only; the edited `complainers` is evaluated as well.
    const out = applyContactEvent(state, purchase('p2', NOW - DAY), v2, NOW + 1_000);
    expect(out.changes.map((c) => [c.segmentId, c.change, c.definitionVersion])).toEqual([
      ['complainers', 'exited', 2],
      ['lapsed', 'exited', 1],
    ]);
    expect(out.state.memberships).toEqual({});
    expect(out.state.catalogKey).toBe(v2.key);
  });

  it('leaves memberships of segments it does not know untouched', () => {
    const { state } = twoComplaints();
    const other = buildSegmentCatalog({ active: [segment('lapsed', LAPSED, 1, 2)] });
    const known = { ...state, memberships: { ...state.memberships, 'from-newer-catalog': 4 } };
    const out = applyContactEvent(known, complaint('e3'), other, NOW);
    expect(out.state.memberships).toEqual({ complainers: 1, 'from-newer-catalog': 4 });
    expect(out.changes).toEqual([]);
  });

  it('arms the timer of an inactivity segment and enters when it fires', () => {
    const lapsed = buildSegmentCatalog({ active: [segment('lapsed', LAPSED)] });
    const bought = NOW - 10 * DAY;
    const { state } = applyContactEvent(undefined, purchase('p1', bought), lapsed, NOW);
    expect(state.memberships).toEqual({});
    expect(state.nextDueMs).toBe(bought + 60 * DAY);
    const early = reevaluateCustomer(state, lapsed, bought + 60 * DAY - 1, { eventId: 't0' });
    expect(early.changes).toEqual([]);
    const fired = reevaluateCustomer(state, lapsed, bought + 60 * DAY, { eventId: 't1' });
    expect(fired.changes).toEqual([
      expect.objectContaining({ change: 'entered', triggeringEventId: 't1' }),
    ]);
    expect(fired.state.nextDueMs).toBeNull();
    // A purchase ends it; an event after the due instant also evaluates every segment.
    const back = applyContactEvent(
      fired.state,
      purchase('p2', NOW + 70 * DAY),
      lapsed,
      NOW + 70 * DAY,
    );
    expect(back.changes).toEqual([expect.objectContaining({ change: 'exited' })]);
  });

  it('re-evaluates segments depending on a flipped one through inSegment', () => {
    const both = buildSegmentCatalog({
      active: [
        segment('complainers', COMPLAINERS),
        segment(
          'gold-complainers',
          {
            kind: 'and',
            rules: [
              { kind: 'inSegment', segmentId: 'complainers' },
              {
                kind: 'compare',
                op: '=',
                left: { kind: 'profile', attribute: 'tier' },
                right: 'gold',
              },
            ],
          },
          1,
          2,
        ),
      ],
    });
    const gold = applyProfileChange(
      undefined,
      {
        eventId: 'pr',
        customerId: 'c-1',
        occurredAt: new Date(NOW).toISOString(),
        changes: [{ field: '/tier', value: 'gold' }],
      },
      both,
      NOW,
    );
    const one = applyContactEvent(gold.state, complaint('e1'), both, NOW);
    const two = applyContactEvent(one.state, complaint('e2'), both, NOW);
    expect(two.changes.map((c) => c.segmentId)).toEqual(['complainers', 'gold-complainers']);
    expect(previewSegment(two.state, both.active[1]!, both, NOW).matched).toBe(true);
  });

  it('refuses a merged customer and another customer’s state', () => {
    const tombstone = { ...emptySegmentState('c-1'), mergedInto: 'c-2' };
    expect(() => applyContactEvent(tombstone, complaint('e1'), catalog, NOW)).toThrow(
      expect.objectContaining({ code: 'CUSTOMER_MERGED' }),
    );
    expect(() =>
      applyContactEvent(emptySegmentState('c-9'), complaint('e1'), catalog, NOW),
    ).toThrow(expect.objectContaining({ code: 'CUSTOMER_MISMATCH' }));
  });

  it('rejects inSegment cycles and reused codes when building the catalog', () => {
    const ref = (id: string) => ({ kind: 'inSegment', segmentId: id });
    expect(() =>
      buildSegmentCatalog({ active: [segment('a', ref('b'), 1, 1), segment('b', ref('a'), 1, 2)] }),
    ).toThrow(expect.objectContaining({ code: 'SEGMENT_CYCLE' }));
    expect(() =>
      buildSegmentCatalog({ active: [segment('a', LAPSED, 1, 1), segment('b', LAPSED, 1, 1)] }),
    ).toThrow(expect.objectContaining({ code: 'DUPLICATE_SEGMENT_CODE' }));
  });
});
