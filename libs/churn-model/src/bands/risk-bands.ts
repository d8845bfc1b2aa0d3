import { z } from 'zod';

export type ChurnRiskBand = 'low' | 'elevated' | 'high';

/**
 * Score thresholds of the bands, stored with the model version they belong to: `high` is the
 * cut of the riskiest `highShare` of customers at training time (the top decile by default),
 * `elevated` that of the riskiest `elevatedShare`.
 */
export const churnRiskBandCutsSchema = z
  .object({
    high: z.number().min(0).max(1),
    elevated: z.number().min(0).max(1),
    highShare: z.number().gt(0).lt(1),
    elevatedShare: z.number().gt(0).lt(1),
  })
  .refine((cuts) => cuts.elevated <= cuts.high, { message: 'elevated cut above the high cut' });

export type ChurnRiskBandCuts = z.output<typeof churnRiskBandCutsSchema>;

export function bandOf(
  probability: number,
  cuts: Pick<ChurnRiskBandCuts, 'high' | 'elevated'>,
): ChurnRiskBand {
  if (probability >= cuts.high) return 'high';
  if (probability >= cuts.elevated) return 'elevated';
  return 'low';
}

/** The cuts that put `highShare` (and `elevatedShare`) of `scores` at or above them. */
export function bandCutsOf(
  scores: readonly number[],
  highShare = 0.1,
  elevatedShare = 0.25,
): ChurnRiskBandCuts {
  if (scores.length === 0) throw new Error('band cuts need at least one score');
  const sorted = [...scores].sort((a, b) => b - a);
  const cutAt = (share: number) =>
    sorted[
      Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * share) - 1))
    ] as number;
  return { high: cutAt(highShare), elevated: cutAt(elevatedShare), highShare, elevatedShare };
}
