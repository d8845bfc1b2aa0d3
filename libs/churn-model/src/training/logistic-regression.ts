import { fitStandardisation, standardise, type Standardisation } from './standardisation';

export interface LogisticRegressionOptions {
  /** L2 penalty on the weights (not the bias), in units of the mean log-loss. */
  l2: number;
  learningRate: number;
  iterations: number;
}

export const DEFAULT_TRAINING_OPTIONS: LogisticRegressionOptions = {
  l2: 0.01,
  learningRate: 0.5,
  iterations: 600,
};

export interface LogisticRegressionFit {
  standardisation: Standardisation;
  weights: number[];
  bias: number;
  /** Mean log-loss on the training rows after the last step (without the penalty). */
  finalLogLoss: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Batch gradient descent from zero weights on standardised features: the same rows give the same
 * model, whatever the machine, which keeps a training run reproducible from its seed.
 */
export function trainLogisticRegression(
  rows: readonly (readonly number[])[],
  labels: readonly (0 | 1)[],
  options: LogisticRegressionOptions = DEFAULT_TRAINING_OPTIONS,
): LogisticRegressionFit {
  if (rows.length === 0 || rows.length !== labels.length) {
    throw new Error(
      `need as many labels as rows, and at least one (${rows.length}/${labels.length})`,
    );
  }
  const standardisation = fitStandardisation(rows);
  const x = rows.map((row) => standardise(row, standardisation));
  const n = x.length;
  const width = standardisation.means.length;
  const weights = new Array<number>(width).fill(0);
  let bias = 0;
  const probabilities = new Array<number>(n).fill(0);
  for (let step = 0; step < options.iterations; step++) {
    const gradient = new Array<number>(width).fill(0);
    let biasGradient = 0;
    for (let i = 0; i < n; i++) {
      const row = x[i] as number[];
      const p = sigmoid(bias + dot(weights, row));
      probabilities[i] = p;
      const error = p - (labels[i] as number);
      biasGradient += error;
      for (let j = 0; j < width; j++)
        gradient[j] = (gradient[j] as number) + error * (row[j] as number);
    }
    for (let j = 0; j < width; j++) {
      const g = (gradient[j] as number) / n + options.l2 * (weights[j] as number);
      weights[j] = (weights[j] as number) - options.learningRate * g;
    }
    bias -= (options.learningRate * biasGradient) / n;
  }
  const finalLogLoss =
    probabilities.reduce((sum, _p, i) => {
      const p = sigmoid(bias + dot(weights, x[i] as number[]));
      return sum - Math.log(labels[i] === 1 ? Math.max(p, 1e-12) : Math.max(1 - p, 1e-12));
    }, 0) / n;
  return { standardisation, weights, bias, finalLogLoss };
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += (a[j] as number) * (b[j] ?? 0);
  return sum;
}
