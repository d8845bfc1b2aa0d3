import { SeededRandom } from '@cip/simulator';
import { sigmoid, trainLogisticRegression } from './logistic-regression';

/** Rows of 4 features; the true log-odds are −1 + 1.5·x0 − 2·x1 + 0·x2 + 0·x3 (x3 on a big scale). */
function plantedData(seed: number, n: number) {
  const random = new SeededRandom(seed, 0);
  const rows: number[][] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const row = [
      random.next() * 2 - 1,
      random.next() * 2 - 1,
      random.next() * 2 - 1,
      random.next() * 1_000,
    ];
    const p = sigmoid(-1 + 1.5 * (row[0] as number) - 2 * (row[1] as number));
    rows.push(row);
    labels.push(random.next() < p ? 1 : 0);
  }
  return { rows, labels };
}

describe('trainLogisticRegression', () => {
  it('recovers the sign of planted effects and leaves noise features near zero', () => {
    const { rows, labels } = plantedData(11, 4_000);
    const fit = trainLogisticRegression(rows, labels, {
      l2: 0.001,
      learningRate: 0.5,
      iterations: 800,
    });
    const [up, down, noise, bigNoise] = fit.weights as [number, number, number, number];
    expect(up).toBeGreaterThan(0.3);
    expect(down).toBeLessThan(-0.3);
    expect(Math.abs(noise)).toBeLessThan(Math.abs(up) / 4);
    expect(Math.abs(bigNoise)).toBeLessThan(Math.abs(up) / 4);
    // Standardisation is stored with the model (x3's scale ~ 1000).
    expect(fit.standardisation.stds[3]).toBeGreaterThan(100);
  });

  it('is deterministic: the same rows give the same model', () => {
    const { rows, labels } = plantedData(5, 500);
    const options = { l2: 0.01, learningRate: 0.5, iterations: 100 };
    expect(trainLogisticRegression(rows, labels, options)).toEqual(
      trainLogisticRegression(rows, labels, options),
    );
  });

  it('shrinks weights as the L2 penalty grows', () => {
    const { rows, labels } = plantedData(3, 1_000);
    const norm = (l2: number) =>
      Math.hypot(
        ...trainLogisticRegression(rows, labels, { l2, learningRate: 0.5, iterations: 400 })
          .weights,
      );
    expect(norm(1)).toBeLessThan(norm(0.001));
  });

  it('refuses mismatched or empty inputs', () => {
    expect(() => trainLogisticRegression([], [])).toThrow();
    expect(() => trainLogisticRegression([[1]], [1, 0])).toThrow();
  });
});
