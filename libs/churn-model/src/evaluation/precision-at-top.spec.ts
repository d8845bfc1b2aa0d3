import { precisionAtTop } from './precision-at-top';

describe('precisionAtTop', () => {
  it('is the share of positives among the highest-scored fraction, rounded up', () => {
    const scores = [0.1, 0.9, 0.3, 0.8, 0.5, 0.2, 0.7, 0.4, 0.6, 0.05, 0.95];
    const labels: (0 | 1)[] = [1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0];
    // 11 customers → top 2: 0.95 (negative) and 0.9 (positive).
    expect(precisionAtTop(scores, labels, 0.1)).toBe(0.5);
    // Top 6: 0.95, 0.9, 0.8, 0.7, 0.6, 0.5 → positives 0.9, 0.7.
    expect(precisionAtTop(scores, labels, 0.5)).toBeCloseTo(2 / 6);
  });

  it('is NaN without customers', () => {
    expect(precisionAtTop([], [], 0.1)).toBeNaN();
  });
});
