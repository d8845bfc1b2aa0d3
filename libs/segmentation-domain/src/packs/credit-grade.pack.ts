import type { Condition, Operand } from '../language/segment-condition.schema';
import { all, any, band, cmp, happened, not } from './condition-builders';
import { assertDescending, packDefinitions, type PackDefinition } from './pack-definition';

export const CREDIT_GRADE_PACK = 'credit-grade';

export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];

export interface CreditPolicy {
  /** Credit term in days (0 = no credit: payment up front). */
  termDays: number;
  /** Credit limit in the account currency (0 = none). */
  limit: number;
}

export interface CreditGradeParams {
  /** Credit policy per grade (domain.md §3.4: term and limit per grade). */
  policy: Readonly<Record<CreditGrade, CreditPolicy>>;
  /**
   * Customers never assessed (`credit.assessed`) are graded on payment behaviour: the share of
   * `payment.recorded` on time over the 12 complete months before this one, from these bounds.
   */
  onTimeRateMinA: number;
  onTimeRateMinB: number;
  onTimeRateMinC: number;
}

export const CREDIT_GRADE_DEFAULTS: Readonly<CreditGradeParams> = Object.freeze({
  policy: Object.freeze({
    A: { termDays: 90, limit: 50_000 },
    B: { termDays: 60, limit: 20_000 },
    C: { termDays: 30, limit: 5_000 },
    D: { termDays: 0, limit: 0 },
  }),
  onTimeRateMinA: 0.95,
  onTimeRateMinB: 0.85,
  onTimeRateMinC: 0.6,
});

const RISK: Record<CreditGrade, string> = {
  A: 'Low risk',
  B: 'Acceptable risk',
  C: 'High risk',
  D: 'Unacceptable risk',
};

const assessedAs = (grade?: CreditGrade): Operand => ({
  kind: 'daysSince',
  event: 'credit.assessed',
  ...(grade ? { where: { grade } } : {}),
});

const payments = (status?: 'on-time'): Operand => ({
  kind: 'aggregate',
  fn: 'count',
  event: 'payment.recorded',
  ...(status ? { where: { status } } : {}),
  window: { months: 12 },
});

/**
 * The grade of the latest assessment. The language has no "latest string field", so the latest
 * grade is the one whose recency is smallest; two assessments on the same UTC day tie, and the
 * worse grade wins (the prudent reading).
 */
function latestAssessmentIs(grade: CreditGrade): Condition {
  const rank = CREDIT_GRADES.indexOf(grade);
  const others = CREDIT_GRADES.filter((other) => other !== grade).map((other) =>
    any(
      not(happened(assessedAs(other))),
      // A better grade on the same day loses to this one, a worse one wins.
      cmp(assessedAs(other), CREDIT_GRADES.indexOf(other) < rank ? '>=' : '>', assessedAs(grade)),
    ),
  );
  return all(happened(assessedAs(grade)), ...others);
}

/** Credit grades A–D (domain.md §3.4): the latest assessment, else payment behaviour. */
export function creditGradePack(params: Partial<CreditGradeParams> = {}): PackDefinition[] {
  const p = { ...CREDIT_GRADE_DEFAULTS, ...params };
  assertDescending(CREDIT_GRADE_PACK, {
    onTimeRateMinA: p.onTimeRateMinA,
    onTimeRateMinB: p.onTimeRateMinB,
    onTimeRateMinC: p.onTimeRateMinC,
  });
  const onTimeRate: Operand = {
    kind: 'ratio',
    numerator: payments('on-time'),
    denominator: payments(),
  };
  const behaviour: Record<CreditGrade, Condition> = {
    A: cmp(onTimeRate, '>=', p.onTimeRateMinA),
    B: band(onTimeRate, p.onTimeRateMinB, p.onTimeRateMinA),
    C: band(onTimeRate, p.onTimeRateMinC, p.onTimeRateMinB),
    D: cmp(onTimeRate, '<', p.onTimeRateMinC),
  };
  const neverAssessed = not(happened(assessedAs()));
  return packDefinitions(
    CREDIT_GRADE_PACK,
    CREDIT_GRADES.map((grade) => {
      const { termDays, limit } = p.policy[grade];
      return {
        key: grade.toLowerCase(),
        name: `Credit grade ${grade}`,
        description:
          `${RISK[grade]}: the latest credit assessment graded ${grade} or, never assessed, ` +
          `an on-time payment rate ${behaviourText(grade, p)} over 12 months.`,
        strategy:
          termDays === 0 && limit === 0
            ? `${RISK[grade]}: no credit; payment up front or with collateral.`
            : `${RISK[grade]}: credit term ${termDays} days, credit limit ${limit}.`,
        condition: any(latestAssessmentIs(grade), all(neverAssessed, behaviour[grade])),
      };
    }),
  );
}

function behaviourText(grade: CreditGrade, p: CreditGradeParams): string {
  switch (grade) {
    case 'A':
      return `of at least ${p.onTimeRateMinA}`;
    case 'B':
      return `from ${p.onTimeRateMinB} below ${p.onTimeRateMinA}`;
    case 'C':
      return `from ${p.onTimeRateMinC} below ${p.onTimeRateMinB}`;
    case 'D':
      return `below ${p.onTimeRateMinC}`;
  }
}
