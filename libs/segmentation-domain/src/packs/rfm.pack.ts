import type { Operand } from '../language/segment-condition.schema';
import { STANDARD_INDICATORS } from '../language/standard-indicators';
import { all, cmp } from './condition-builders';
import { packDefinitions, type PackDefinition, type PackSegment } from './pack-definition';

export const RFM_PACK = 'rfm';

export interface RfmAxis {
  /** Quantile table of ascending cut points, recomputed from the population by the service. */
  table: string;
  /** The customer's value ranked in that table. */
  value: Operand;
}

export interface RfmParams {
  recency: RfmAxis;
  frequency: RfmAxis;
  monetary: RfmAxis;
  /** Scores per axis (5 = quintiles, 125 cells); each table then holds `scores - 1` cuts. */
  scores: number;
}

export const RFM_DEFAULTS: Readonly<RfmParams> = Object.freeze({
  recency: { table: 'rfm.recency', value: STANDARD_INDICATORS.recencyDays },
  frequency: { table: 'rfm.frequency', value: STANDARD_INDICATORS.frequency12m },
  monetary: { table: 'rfm.monetary', value: STANDARD_INDICATORS.monetary12m },
  scores: 5,
});

const rank = (axis: RfmAxis): Operand => ({
  kind: 'quantile',
  table: axis.table,
  value: axis.value,
});

/**
 * RFM cells (domain.md §3.7): one segment per (R, F, M) score, `rfm.r5-f3-m1`. Score 5 is best on
 * every axis, but the recency table ranks days since the last purchase, where fewer is better:
 * R score s is recency rank `scores + 1 - s`. Exactly one cell matches a customer who has
 * purchased once at least (recency is null otherwise) while the tables are supplied.
 */
export function rfmPack(params: Partial<RfmParams> = {}): PackDefinition[] {
  const p = { ...RFM_DEFAULTS, ...params };
  const scores = Array.from({ length: p.scores }, (_, i) => p.scores - i);
  const cells = scores.flatMap((r) =>
    scores.flatMap((f) =>
      scores.map((m): PackSegment => ({
        key: `r${r}-f${f}-m${m}`,
        name: `RFM ${r}-${f}-${m}`,
        description:
          `Recency score ${r}, frequency score ${f}, monetary score ${m} ` +
          `(${p.scores} = best; tables ${p.recency.table}, ${p.frequency.table}, ` +
          `${p.monetary.table}).`,
        strategy: rfmStrategy(r, f, m, p.scores),
        condition: all(
          cmp(rank(p.recency), '=', p.scores + 1 - r),
          cmp(rank(p.frequency), '=', f),
          cmp(rank(p.monetary), '=', m),
        ),
      })),
    ),
  );
  return packDefinitions(RFM_PACK, cells);
}

/** The usual reading of a cell, on scores scaled to 1..5 so any `scores` maps the same way. */
export function rfmStrategy(r: number, f: number, m: number, scores = 5): string {
  const scale = (s: number) => (scores === 1 ? 5 : 1 + ((s - 1) * 4) / (scores - 1));
  const [rs, fs, ms] = [scale(r), scale(f), scale(m)];
  if (rs >= 4 && fs >= 4 && ms >= 4)
    return 'Champions: reward, early access to new products, ask for referrals.';
  if (rs <= 2 && (fs >= 4 || ms >= 4))
    return 'Cannot lose them: win back actively with personal contact before they churn.';
  if (rs <= 2 && fs >= 3) return 'At risk: reactivation offer; check for complaints first.';
  if (rs <= 2) return 'Hibernating: low-cost reactivation, or let go.';
  if (fs >= 3) return 'Loyal: upsell higher-value products, loyalty programme.';
  if (rs >= 4) return 'New or promising: onboarding and a second-purchase incentive.';
  return 'Needs attention: limited-time offer based on past purchases.';
}
