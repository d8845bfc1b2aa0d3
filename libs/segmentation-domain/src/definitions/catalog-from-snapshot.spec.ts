import type { SegmentationError } from './segment-definition';
import { catalogFromSnapshot } from './catalog-from-snapshot';

const condition = {
  kind: 'compare',
  op: '>=',
  left: { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 30 } },
  right: 2,
};
const segment = (id: string, code: number, c: unknown = condition) => ({
  id,
  version: 1,
  code,
  name: id,
  strategy: 's',
  condition: c,
});

describe('catalogFromSnapshot', () => {
  it('compiles valid definitions, translates legacy rules, keeps retired ids and quantiles', () => {
    const skipped: SegmentationError[] = [];
    const catalog = catalogFromSnapshot(
      {
        active: [
          segment('a', 1),
          segment('legacy', 2, {
            kind: 'gte',
            left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
            right: 2,
          }),
        ],
        retiredIds: ['gone'],
        quantiles: { 'rfm.recency': [1, 2, 3, 4] },
      },
      (e) => skipped.push(e),
    );
    expect(skipped).toEqual([]);
    expect(catalog.active.map((s) => s.id)).toEqual(['a', 'legacy']);
    expect(catalog.active[1]?.condition).toEqual(condition);
    expect([...catalog.retiredIds]).toEqual(['gone']);
    expect(catalog.quantiles).toEqual({ 'rfm.recency': [1, 2, 3, 4] });
  });

  it('skips and reports an invalid stored condition and a segment closing a cycle', () => {
    const skipped: SegmentationError[] = [];
    const catalog = catalogFromSnapshot(
      {
        active: [
          segment('bad', 1, { kind: 'eval', code: 'rm -rf /' }),
          segment('x', 2, { kind: 'inSegment', segmentId: 'y' }),
          segment('y', 3, { kind: 'inSegment', segmentId: 'x' }),
          segment('ok', 4),
        ],
        retiredIds: [],
        quantiles: {},
      },
      (e) => skipped.push(e),
    );
    expect(skipped.map((e) => e.code)).toEqual(['INVALID_STORED_CONDITION', 'SEGMENT_CYCLE']);
    expect(catalog.active.map((s) => s.id).sort()).toEqual(['ok', 'x']);
  });
});
