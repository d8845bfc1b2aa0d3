import { buildSegmentCatalog } from '../engine/segment-catalog';
import { applyContactEvent } from '../engine/segment-engine';
import { parseCondition } from '../language/validate-condition';
import { decodeSegmentStateHash, encodeSegmentStateHash } from './segment-state-hash.codec';

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
    expect(hash['m']).toBe('value-tier.vip.3');
    expect(decodeSegmentStateHash(hash, 'c-1', catalog.spec)).toEqual(state);
  });

  it('round-trips a tombstone and keeps ids that contain dots', () => {
    const { state } = applyContactEvent(undefined, purchase('e-2', 5), catalog, NOW);
    const tombstone = { ...state, mergedInto: 'c-9', memberships: { 'a.b.c': 12 }, pending: [] };
    const decoded = decodeSegmentStateHash(encodeSegmentStateHash(tombstone), 'c-1', catalog.spec);
    expect(decoded.mergedInto).toBe('c-9');
    expect(decoded.memberships).toEqual({ 'a.b.c': 12 });
  });

  it('rejects a malformed membership list', () => {
    const { state } = applyContactEvent(undefined, purchase('e-3', 5), catalog, NOW);
    const hash = { ...encodeSegmentStateHash(state), m: 'no-version' };
    expect(() => decodeSegmentStateHash(hash, 'c-1', catalog.spec)).toThrow(/membership/);
  });
});
