/**
 * Share of positives among the `fraction` highest scores (at least one customer): what a
 * retention team calling the riskiest 10 % would find. Ties at the cut keep input order.
 */
export function precisionAtTop(
  scores: readonly number[],
  labels: readonly (0 | 1)[],
  fraction: number,
): number {
  if (scores.length === 0) return Number.NaN;
  const k = Math.max(1, Math.ceil(scores.length * fraction));
  const top = scores
    .map((score, i) => ({ score, label: labels[i] }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
  return top.filter((row) => row.label === 1).length / k;
}
