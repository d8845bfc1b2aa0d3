import fc from 'fast-check';
import { buildSegmentCatalog } from '../engine/segment-catalog';
import { applyContactEvent } from '../engine/segment-engine';
import { parseCondition } from '../language/validate-condition';
import { segmentCode } from './membership-codes';
import {
  decodeSegmentStateHash,
  decodeSelectedState,
  encodeSegmentStateFields,
  encodeSegmentStateHash,
  stateSelection,
} from './segment-state-hash.codec';

const catalog = buildSegmentCatalog({
  active: [
    {
      id: 'value-tier.vip',
      version: 3,
      code: 7,
      name: 'VIP',
      strategy: 'keep close',
      condition: parseCondition({
        kind: 'compare',
        op: '>=',
        left: {
          kind: 'aggregate',
          fn: 'sum',
          event: 'purchase.completed',
          field: 'amount',
          window: { days: 30 },
        },
        right: 100,
      }),
    },
  ],
});

const NOW = Date.parse('2026-03-10T12:00:00.000Z');

function purchase(id: string, amount: number) {
  return {
    eventId: id,
    customerId: 'c-1',
    type: 'purchase.completed',
    occurredAt: '2026-03-09T08:00:00.000Z',
    payload: { orderId: id, amount, currency: 'EUR' },
  };
}

describe('segment state hash codec', () => {
  it('round-trips features, memberships, pending changes, timer and catalog key', () => {
    const { state, changes } = applyContactEvent(undefined, purchase('e-1', 150), catalog, NOW);
    expect(changes.map((c) => c.segmentId)).toEqual(['value-tier.vip']);
    const hash = encodeSegmentStateHash(state);
    expect(hash['M']).toBe(`${segmentCode('value-tier.vip')}.3`);
    expect(decodeSegmentStateHash(hash, 'c-1', catalog)).toEqual(state);
  });

  it('reads memberships stored by full id (the earlier form) and writes them back as codes', () => {
    const { state } = applyContactEvent(undefined, purchase('e-4', 150), catalog, NOW);
    const { M: coded, ...legacy } = encodeSegmentStateHash(state);
    expect(coded).toBeDefined();
    const decoded = decodeSegmentStateHash({ ...legacy, m: 'value-tier.vip.3' }, 'c-1', catalog);
    expect(decoded.memberships).toEqual({ 'value-tier.vip': 3 });
    expect(encodeSegmentStateHash(decoded)).toEqual(encodeSegmentStateHash(state));
  });

  it('encodes against the stored hash it decoded from exactly as from scratch', () => {
    const first = applyContactEvent(undefined, purchase('e-6', 150), catalog, NOW).state;
    const stored = encodeSegmentStateHash({ ...first, pending: [] });
    const decoded = decodeSegmentStateHash(stored, 'c-1', catalog);
    const fromScratch = (state: typeof first) =>
      encodeSegmentStateFields({ ...state, memberships: { ...state.memberships } });
    // Memberships unchanged (the same object as decoded): the stored text is reused.
    const still = applyContactEvent(decoded, purchase('e-7', 5), catalog, NOW).state;
    expect(still.memberships).toBe(decoded.memberships);
    expect(encodeSegmentStateFields(still, { state: decoded, hash: stored })).toEqual(
      fromScratch(still),
    );
    // Changed memberships are written anew, not taken from the stored hash.
    const exited = { ...still, memberships: {} };
    expect(encodeSegmentStateFields(exited, { state: decoded, hash: stored })['M']).toBeUndefined();
    // A hash in the earlier by-id form is rewritten as codes even when nothing changed.
    const { M: _coded, ...legacyFields } = stored;
    const legacy = { ...legacyFields, m: 'value-tier.vip.3' };
    const fromLegacy = decodeSegmentStateHash(legacy, 'c-1', catalog);
    const again = { ...fromLegacy, pending: [] };
    expect(encodeSegmentStateFields(again, { state: fromLegacy, hash: legacy })['M']).toBe(
      `${segmentCode('value-tier.vip')}.3`,
    );
  });

  it('keeps a code its catalog does not know (a newer segment) and writes it back unchanged', () => {
    const { state } = applyContactEvent(undefined, purchase('e-5', 150), catalog, NOW);
    const newer = { ...state, memberships: { ...state.memberships, 'churn.newest': 2 } };
    const hash = encodeSegmentStateHash(newer);
    const decoded = decodeSegmentStateHash(hash, 'c-1', catalog);
    expect(decoded.memberships).toEqual({
      'value-tier.vip': 3,
      [`#${segmentCode('churn.newest')}`]: 2,
    });
    expect(encodeSegmentStateHash(decoded)).toEqual(hash);
  });

  it('round-trips a tombstone and keeps ids that contain dots', () => {
    const { state } = applyContactEvent(undefined, purchase('e-2', 5), catalog, NOW);
    const tombstone = { ...state, mergedInto: 'c-9', memberships: {}, pending: [] };
    const decoded = decodeSegmentStateHash(encodeSegmentStateHash(tombstone), 'c-1', catalog);
    expect(decoded.mergedInto).toBe('c-9');
    expect(decoded.memberships).toEqual({});
    const stored = { ...encodeSegmentStateHash(tombstone), m: 'a.b.c.c' };
    const byId = decodeSegmentStateHash(stored, 'c-1', catalog);
    expect(byId.memberships).toEqual({ 'a.b.c': 12 });
  });

  it('rejects a malformed membership list', () => {
    const { state } = applyContactEvent(undefined, purchase('e-3', 5), catalog, NOW);
    const hash = { ...encodeSegmentStateHash(state), M: 'no-version' };
    expect(() => decodeSegmentStateHash(hash, 'c-1', catalog)).toThrow(/membership/);
  });

  describe('decoding a selection', () => {
    const ids = ['value-tier.vip', 'a', 'a.b', 'churn.x', 'retention.y', 'z'];
    const withMemberships = (memberships: Record<string, number>, byId?: string) => {
      const { state } = applyContactEvent(undefined, purchase('e-8', 150), catalog, NOW);
      const hash = encodeSegmentStateHash({ ...state, memberships, pending: [] });
      return byId === undefined ? hash : { ...hash, m: byId };
    };

    it('reads exactly the selected memberships the whole decode reads, codes or ids', () => {
      const everyCatalogId = buildSegmentCatalog({
        active: catalog.active,
        retiredIds: ids.filter((id) => id !== 'value-tier.vip'),
      });
      fc.assert(
        fc.property(
          fc.dictionary(fc.constantFrom(...ids), fc.integer({ min: 1, max: 2_000 })),
          fc.subarray(ids),
          fc.option(fc.constantFrom(...ids), { nil: undefined }),
          (memberships, selected, legacyId) => {
            const hash = withMemberships(memberships, legacyId && `${legacyId}.7`);
            const whole = decodeSegmentStateHash(hash, 'c-1', everyCatalogId);
            const selection = stateSelection(everyCatalogId, [], selected);
            const part = decodeSelectedState(hash, 'c-1', selection);
            const expected = Object.fromEntries(
              selected.flatMap((id) =>
                whole.memberships[id] === undefined ? [] : [[id, whole.memberships[id]]],
              ),
            );
            expect({ ...part.memberships }).toEqual(expected);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('decodes the selected series, timer, tombstone and catalog key as the whole decode does', () => {
      const { state } = applyContactEvent(undefined, purchase('e-9', 150), catalog, NOW);
      const stored = encodeSegmentStateHash({ ...state, mergedInto: 'c-2', nextDueMs: NOW + 5 });
      const whole = decodeSegmentStateHash(stored, 'c-1', catalog);
      const keys = Object.keys(catalog.spec.series);
      const part = decodeSelectedState(stored, 'c-1', stateSelection(catalog, keys, []));
      expect(part.features).toEqual(whole.features);
      expect(part).toMatchObject({
        nextDueMs: NOW + 5,
        mergedInto: 'c-2',
        catalogKey: whole.catalogKey,
        pending: [],
      });
      // Series not selected are not decoded, whatever the hash holds.
      const none = decodeSelectedState(stored, 'c-1', stateSelection(catalog, [], []));
      expect(none.features.series).toEqual({});
    });

    it('rejects a malformed version of a selected membership', () => {
      const hash = { ...withMemberships({}), M: `${segmentCode('a')}.` };
      const selection = stateSelection(catalog, [], ['a']);
      expect(() => decodeSelectedState(hash, 'c-1', selection)).toThrow(/membership/);
    });
  });
});
