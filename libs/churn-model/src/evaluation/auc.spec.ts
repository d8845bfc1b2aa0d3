import fc from 'fast-check';
import { areaUnderRoc } from './auc';

/** The definition: over all positive × negative pairs, 1 if the positive scores higher, ½ if tied. */
function pairwiseAuc(scores: number[], labels: (0 | 1)[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((n, j) => {
      if (labels[j] !== 0) return;
      pairs += 1;
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('areaUnderRoc', () => {
  it('equals the brute-force pairwise count, ties included', () => {
    // Few distinct scores, so ties are common.
    const sample = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom<0 | 1>(0, 1)), {
        minLength: 2,
        maxLength: 60,
      })
      .filter((rows) => rows.some(([, l]) => l === 1) && rows.some(([, l]) => l === 0));
    fc.assert(
      fc.property(sample, (rows) => {
        const scores = rows.map(([s]) => s / 7);
        const labels = rows.map(([, l]) => l);
        expect(areaUnderRoc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 10);
      }),
    );
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and ½ when all scores tie', () => {
    expect(areaUnderRoc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(areaUnderRoc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
    expect(areaUnderRoc([0.5, 0.5, 0.5], [1, 0, 0])).toBe(0.5);
  });

  it('is undefined (NaN) with a single class', () => {
    expect(areaUnderRoc([0.1, 0.2], [0, 0])).toBeNaN();
  });
});
