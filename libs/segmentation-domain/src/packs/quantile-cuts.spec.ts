import { historyReader } from '../features/history-reader';
import { evaluateCondition } from '../language/evaluate-condition';
import { parseCondition } from '../language/validate-condition';
import { computeQuantileCuts, QUANTILE_TABLE_POPULATIONS, QUANTILE_TABLES } from './quantile-cuts';

/** The language's rank: 1 + the number of cuts ≤ value. */
const rankOf = (cuts: readonly number[], value: number) =>
  1 + cuts.filter((cut) => cut <= value).length;

describe('computeQuantileCuts', () => {
  it('splits distinct values into equal quintiles', () => {
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const cuts = computeQuantileCuts(values);
    expect(cuts).toEqual([3, 5, 7, 9]);
    expect(values.map((v) => rankOf(cuts, v))).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('never splits equal values between ranks', () => {
    const values = [0, 0, 0, 0, 0, 0, 0, 0, 5, 9];
    const cuts = computeQuantileCuts(values);
    expect(cuts).toEqual([5, 5, 5, 5]);
    // 80 % of customers are below 5: the top quintile.
    expect([0, 5, 9].map((v) => rankOf(cuts, v))).toEqual([1, 5, 5]);
  });

  it('ranks a value by the share of the population strictly below it', () => {
    const values = Array.from({ length: 97 }, (_, i) => Math.floor(i / 7));
    const cuts = computeQuantileCuts(values);
    expect(cuts).toHaveLength(4);
    for (const v of values) {
      const below = values.filter((x) => x < v).length;
      expect(rankOf(cuts, v)).toBe(1 + Math.min(4, Math.floor((5 * below) / values.length)));
    }
  });

  it('ignores missing and non-finite values', () => {
    expect(computeQuantileCuts([null, 4, undefined, NaN, 1, Infinity, 3, 2], 2)).toEqual([3]);
  });

  it('returns fewer cuts when the population cannot fill the top ranks', () => {
    expect(computeQuantileCuts([])).toEqual([]);
    expect(computeQuantileCuts([7, 7, 7])).toEqual([]);
    expect(computeQuantileCuts([1, 2])).toEqual([2, 2]);
  });

  it('refuses a bucket count that is not a positive integer', () => {
    expect(() => computeQuantileCuts([1], 0)).toThrow(
      expect.objectContaining({ code: 'INVALID_BUCKETS' }) as Error,
    );
    expect(computeQuantileCuts([1, 2, 3], 1)).toEqual([]);
  });
});

describe('QUANTILE_TABLES', () => {
  it('names the RFM tables with operands and populations in the segment language', () => {
    expect(Object.keys(QUANTILE_TABLES).sort()).toEqual([
      'rfm.frequency',
      'rfm.monetary',
      'rfm.recency',
    ]);
    expect(Object.keys(QUANTILE_TABLE_POPULATIONS).sort()).toEqual(
      Object.keys(QUANTILE_TABLES).sort(),
    );
    for (const operand of Object.values(QUANTILE_TABLES))
      expect(() =>
        parseCondition({ kind: 'compare', op: '=', left: operand, right: 0 }),
      ).not.toThrow();
    const populations = Object.entries(QUANTILE_TABLE_POPULATIONS).map(([id, json]) => ({
      id,
      condition: parseCondition(json),
    }));
    const prospect = { nowMs: 0, reader: historyReader([]) };
    for (const { condition } of populations)
      expect(evaluateCondition(condition, prospect).matched).toBe(false);
  });
});
