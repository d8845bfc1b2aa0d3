import { bandCutsOf, bandOf, churnRiskBandCutsSchema } from './risk-bands';

describe('risk bands', () => {
  const scores = Array.from({ length: 100 }, (_, i) => (i + 1) / 100); // 0.01 … 1.00

  it('cuts the top decile as high and the top quarter as elevated', () => {
    const cuts = bandCutsOf(scores);
    expect(cuts.high).toBeCloseTo(0.91);
    expect(cuts.elevated).toBeCloseTo(0.76);
    expect(scores.filter((s) => bandOf(s, cuts) === 'high')).toHaveLength(10);
    expect(scores.filter((s) => bandOf(s, cuts) !== 'low')).toHaveLength(25);
  });

  it('puts a score on a cut into the band above', () => {
    const cuts = { high: 0.5, elevated: 0.2 };
    expect(bandOf(0.5, cuts)).toBe('high');
    expect(bandOf(0.49, cuts)).toBe('elevated');
    expect(bandOf(0.2, cuts)).toBe('elevated');
    expect(bandOf(0.19, cuts)).toBe('low');
  });

  it('rejects stored cuts that are out of order', () => {
    const bad = { high: 0.2, elevated: 0.5, highShare: 0.1, elevatedShare: 0.25 };
    expect(churnRiskBandCutsSchema.safeParse(bad).success).toBe(false);
  });

  it('needs scores to cut', () => {
    expect(() => bandCutsOf([])).toThrow(/at least one/);
  });
});
