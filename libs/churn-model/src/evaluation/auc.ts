/**
 * Area under the ROC curve from ranks (Mann-Whitney U): the chance that a random positive scores
 * above a random negative, ties counting one half. Average ranks handle the ties in O(n log n).
 * NaN when either class is empty, since the AUC is then undefined.
 */
export function areaUnderRoc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores
    .map((score, i) => ({ score, label: labels[i] }))
    .sort((a, b) => a.score - b.score);
  let positives = 0;
  let positiveRankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.score === order[i]?.score) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (order[k]?.label === 1) {
        positives += 1;
        positiveRankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
