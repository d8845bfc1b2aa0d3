import { SegmentationError } from '../definitions/segment-definition';
import type { Condition, Operand } from '../language/segment-condition.schema';
import { cmp } from './condition-builders';
import { PURCHASES_EVER } from './pack-operands';
import { RFM_DEFAULTS } from './rfm.pack';

/**
 * Ascending cut points that split a population into `buckets` ranks of (near) equal size, for
 * the language's `quantile` operand (rank = 1 + the number of cuts ≤ value). Cut i is the
 * smallest observed value with at least i·n/buckets values strictly below it, so equal values
 * always share a rank: a value's rank is 1 + ⌊buckets · (share of values below it)⌋. Missing
 * and non-finite values are ignored; when ties leave no such value (a population of equal
 * values, or an empty one) the remaining cuts are omitted and the top ranks stay empty.
 */
export function computeQuantileCuts(
  values: readonly (number | null | undefined)[],
  buckets = 5,
): number[] {
  if (!Number.isInteger(buckets) || buckets < 1) {
    throw new SegmentationError('INVALID_BUCKETS', 'buckets must be a positive integer', {
      buckets,
    });
  }
  const sorted = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  const n = sorted.length;
  const cuts: number[] = [];
  let at = 0; // index of the first value of the current run of equal values
  for (let i = 1; i < buckets; i++) {
    // The first run starting at or after index ⌈i·n/buckets⌉ has enough values below it.
    const needed = Math.ceil((i * n) / buckets);
    while (at < n && (at < needed || (at > 0 && sorted[at] === sorted[at - 1]))) at++;
    if (at >= n) break;
    cuts.push(sorted[at]!);
  }
  return cuts;
}

/**
 * The quantile tables the packs read, each with the operand (in the segment language) whose
 * values over the population it ranks, so the service can recompute the cuts periodically by
 * evaluating the operand for every customer in the population and calling `computeQuantileCuts`.
 */
export const QUANTILE_TABLES: Readonly<Record<string, Operand>> = Object.freeze({
  [RFM_DEFAULTS.recency.table]: RFM_DEFAULTS.recency.value,
  [RFM_DEFAULTS.frequency.table]: RFM_DEFAULTS.frequency.value,
  [RFM_DEFAULTS.monetary.table]: RFM_DEFAULTS.monetary.value,
});

/**
 * Who each table ranks. RFM ranks buyers only: prospects (no purchase ever) would otherwise pile
 * up at frequency and monetary 0 and push every buyer's rank up.
 */
export const QUANTILE_TABLE_POPULATIONS: Readonly<Record<string, Condition>> = Object.freeze({
  [RFM_DEFAULTS.recency.table]: cmp(PURCHASES_EVER, '>=', 1),
  [RFM_DEFAULTS.frequency.table]: cmp(PURCHASES_EVER, '>=', 1),
  [RFM_DEFAULTS.monetary.table]: cmp(PURCHASES_EVER, '>=', 1),
});
