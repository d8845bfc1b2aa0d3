import fc from 'fast-check';
import { applyEventToFeatures } from '../features/apply-to-features';
import type { CustomerFeatures } from '../features/customer-features';
import type { FeatureEvent } from '../features/feature-series';
import { parseCondition } from '../language/validate-condition';
import { mergeCustomerFeatures } from './merge-customer-features';
import { mergeSegmentStates } from './merge-segment-states';
import { buildSegmentCatalog } from './segment-catalog';
import { applyContactEvent, emptySegmentState } from './segment-engine';

const DAY = 86_400_000;
const NOW = Date.parse('2026-05-20T12:00:00.000Z');
const catalog = buildSegmentCatalog({
  active: [
    {
      id: 'complainers',
      version: 3,
      code: 7,
      name: 'Complainers',
      strategy: 'call back',
      condition: parseCondition({
        kind: 'compare',
        op: '>=',
        left: { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 30 } },
        right: 2,
      }),
    },
  ],
});
const complaint = (customerId: string, id: string, daysAgo = 0): FeatureEvent => ({
  eventId: id,
  customerId,
  type: 'complaint.filed',
  occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
  payload: { complaintId: id, category: 'billing', severity: 'low', channel: 'phone' },
});

describe('mergeSegmentStates', () => {
  const survivor = applyContactEvent(undefined, complaint('s', 'e1'), catalog, NOW).state;
  const mergedA = [complaint('a', 'e2'), complaint('a', 'e3')].reduce(
    (state, event) => applyContactEvent(state, event, catalog, NOW).state,
    emptySegmentState('a'),
  );
  const merge = () =>
    mergeSegmentStates({
      survivorId: 's',
      survivor,
      merged: [mergedA, undefined],
      mergedIds: ['a', 'b'],
      catalog,
      nowMs: NOW,
      trigger: { eventId: 'merge-1' },
    });

  it('folds the merged features into the survivor and closes the merged memberships', () => {
    expect(mergedA.memberships).toEqual({ complainers: 3 });
    const { survivor: out, merged } = merge();
    expect(out.changes).toEqual([
      expect.objectContaining({ customerId: 's', change: 'entered', triggeringEventId: 'merge-1' }),
    ]);
    expect(out.state.features.series[Object.keys(out.state.features.series)[0]!]).toBeDefined();
    expect(merged[0]!.changes).toEqual([
      expect.objectContaining({
        customerId: 'a',
        segmentId: 'complainers',
        definitionVersion: 3,
        change: 'exited',
        cause: 'merge',
        strategy: 'call back',
        triggeringEventId: 'merge-1',
        reason: { summary: 'merged into s', values: { mergedInto: 's' } },
      }),
    ]);
    expect(merged[0]!.state).toMatchObject({ mergedInto: 's', memberships: {}, nextDueMs: null });
    expect(merged[1]!.state.mergedInto).toBe('s');
    expect(merged[1]!.changes).toEqual([]);
  });

  it('is idempotent: a redelivered merge republishes its pending changes and adds nothing', () => {
    const first = merge();
    const again = mergeSegmentStates({
      survivorId: 's',
      survivor: first.survivor.state,
      merged: first.merged.map((m) => m.state),
      mergedIds: ['a', 'b'],
      catalog,
      nowMs: NOW + 1000,
      trigger: { eventId: 'merge-1' },
    });
    expect(again.survivor).toEqual({ ...first.survivor, duplicate: true });
    expect(again.merged.map((m) => m.changes)).toEqual(first.merged.map((m) => m.changes));
    expect(again.merged.every((m) => m.duplicate)).toBe(true);
  });

  it('merges features as if all events had been applied to one state (any split, any order)', () => {
    const eventArb = fc.record({
      owner: fc.constantFrom('s', 'a', 'b'),
      daysAgo: fc.integer({ min: -1, max: 120 }),
      amount: fc.integer({ min: 0, max: 500 }),
      complaint: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (drafts) => {
        const spec = catalog.spec;
        const byOwner = new Map<string, CustomerFeatures | undefined>();
        let together: CustomerFeatures | undefined;
        drafts.forEach((d, i) => {
          const event = (customerId: string): FeatureEvent =>
            d.complaint
              ? complaint(customerId, `e${i}`, d.daysAgo)
              : {
                  eventId: `e${i}`,
                  customerId,
                  type: 'purchase.completed',
                  occurredAt: new Date(NOW - d.daysAgo * DAY).toISOString(),
                  payload: { amount: d.amount },
                };
          byOwner.set(
            d.owner,
            applyEventToFeatures(byOwner.get(d.owner), event(d.owner), spec, NOW).features,
          );
          together = applyEventToFeatures(together, event('s'), spec, NOW).features;
        });
        const base =
          byOwner.get('s') ??
          applyEventToFeatures(undefined, complaint('s', 'x', 999), spec, NOW).features;
        const expected = byOwner.has('s')
          ? together
          : applyEventToFeatures(together, complaint('s', 'x', 999), spec, NOW).features;
        const others = ['a', 'b'].flatMap((o) => (byOwner.get(o) ? [byOwner.get(o)!] : []));
        const merged = mergeCustomerFeatures(base, others, spec.dedupeRing);
        expect(merged.series).toEqual(expected?.series ?? {});
        expect(merged.applied).toBe(expected?.applied);
        expect(new Set(merged.recent).size).toBe(Math.min(spec.dedupeRing, expected?.applied ?? 0));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses merging a customer into itself', () => {
    expect(() =>
      mergeSegmentStates({
        survivorId: 's',
        survivor,
        merged: [undefined],
        mergedIds: ['s'],
        catalog,
        nowMs: NOW,
        trigger: { eventId: 'm' },
      }),
    ).toThrow(expect.objectContaining({ code: 'MERGE_INTO_ITSELF' }));
  });
});
