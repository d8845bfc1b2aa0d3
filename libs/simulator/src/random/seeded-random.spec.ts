import { SeededRandom } from './seeded-random';

const draws = (random: SeededRandom, n: number) => Array.from({ length: n }, () => random.next());

describe('SeededRandom', () => {
  it('repeats a stream for the same seed and stream, and differs otherwise', () => {
    const first = draws(new SeededRandom(42, 7), 50);
    expect(draws(new SeededRandom(42, 7), 50)).toEqual(first);
    expect(draws(new SeededRandom(42, 8), 50)).not.toEqual(first);
    expect(draws(new SeededRandom(43, 7), 50)).not.toEqual(first);
  });

  it('draws from the distributions it names (means within a few percent over 50,000 draws)', () => {
    const random = new SeededRandom(1);
    const n = 50_000;
    const mean = (draw: () => number) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += draw();
      return sum / n;
    };
    expect(mean(() => random.next())).toBeCloseTo(0.5, 2);
    expect(mean(() => random.normal(3, 2))).toBeCloseTo(3, 1);
    expect(mean(() => random.poisson(0.7))).toBeCloseTo(0.7, 1);
    expect(mean(() => random.poisson(50))).toBeCloseTo(50, 0);
    expect(mean(() => random.exponential(4))).toBeCloseTo(4, 0);
    expect(mean(() => (random.weighted({ a: 1, b: 3 }) === 'b' ? 1 : 0))).toBeCloseTo(0.75, 1);
    const ints = Array.from({ length: 1_000 }, () => random.int(2, 4));
    expect(new Set(ints)).toEqual(new Set([2, 3, 4]));
  });
});
