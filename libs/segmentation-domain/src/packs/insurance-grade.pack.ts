import type { Condition } from '../language/segment-condition.schema';
import { all, any, cmp, not, profile } from './condition-builders';
import { packDefinitions, type PackDefinition, type PackSegment } from './pack-definition';
import { PURCHASES_EVER } from './pack-operands';

export const INSURANCE_GRADE_PACK = 'insurance-grade';

export interface InsuranceGradeParams {
  /** Profile attribute `good` | `average`: the customer's economic condition. */
  economicAttribute: string;
  /** Profile attribute `strong` | `average`: the customer's product awareness. */
  awarenessAttribute: string;
  /** Profile attribute `wide` | `average`: the customer's influence (social reach). */
  influenceAttribute: string;
  /** Referrals made in 365 days that also count as wide influence, whatever the profile says. */
  wideInfluenceMinReferrals: number;
}

export const INSURANCE_GRADE_DEFAULTS: Readonly<InsuranceGradeParams> = Object.freeze({
  economicAttribute: 'insurance/economic',
  awarenessAttribute: 'insurance/awareness',
  influenceAttribute: 'insurance/influence',
  wideInfluenceMinReferrals: 2,
});

type Grade = 'a' | 'b' | 'c' | 'd';

// domain.md §3.6: the prescribed action per grade, for closed customers and for prospects.
const ACTIONS: Record<Grade, { closed: string; open: string }> = {
  a: {
    closed: 'Stronger after-sales service, upsell; use as a referral source.',
    open: 'Visit actively and close; use as a referral source.',
  },
  b: {
    closed: 'After-sales service, new-product upsell, ask for referrals.',
    open: 'Nurture: send relevant information.',
  },
  c: {
    closed: 'Recruit; use as a referral source.',
    open: 'Nurture; recruit; use as a referral source.',
  },
  d: {
    closed: 'No prescribed action; re-grade periodically.',
    open: 'Slow nurture.',
  },
};

/**
 * Insurance-style A/B/C/D grading × closed or not (domain.md §3.6). The table names four
 * profiles; the other combinations fall to the highest grade whose requirements they meet:
 * A = good, strong, wide; B = good and wide; C = strong awareness; D = the rest. Exclusive and
 * covering (a missing attribute reads as `average`).
 */
export function insuranceGradePack(params: Partial<InsuranceGradeParams> = {}): PackDefinition[] {
  const p = { ...INSURANCE_GRADE_DEFAULTS, ...params };
  const good = cmp(profile(p.economicAttribute), '=', 'good');
  const strong = cmp(profile(p.awarenessAttribute), '=', 'strong');
  const wide = any(
    cmp(profile(p.influenceAttribute), '=', 'wide'),
    cmp(
      { kind: 'aggregate', fn: 'count', event: 'referral.made', window: { days: 365 } },
      '>=',
      p.wideInfluenceMinReferrals,
    ),
  );
  const goodAndWide = all(good, wide);
  const grades: Record<Grade, { rule: Condition; profile: string }> = {
    a: {
      rule: all(goodAndWide, strong),
      profile: 'good economy, strong awareness, wide influence',
    },
    b: { rule: all(goodAndWide, not(strong)), profile: 'good economy, wide influence' },
    c: { rule: all(not(goodAndWide), strong), profile: 'strong awareness' },
    d: { rule: all(not(goodAndWide), not(strong)), profile: 'average on the other axes' },
  };
  const closed = any(
    cmp(PURCHASES_EVER, '>=', 1),
    cmp({ kind: 'aggregate', fn: 'count', event: 'contract.started' }, '>=', 1),
  );
  const segments = (Object.keys(grades) as Grade[]).flatMap((grade): PackSegment[] => {
    const { rule, profile: text } = grades[grade];
    const label = grade.toUpperCase();
    return [
      {
        key: `${grade}-closed`,
        name: `Grade ${label} customers`,
        description: `Grade ${label} (${text}); has bought or holds a contract.`,
        strategy: ACTIONS[grade].closed,
        condition: all(rule, closed),
      },
      {
        key: `${grade}-open`,
        name: `Grade ${label} prospects`,
        description: `Grade ${label} (${text}); not yet closed.`,
        strategy: ACTIONS[grade].open,
        condition: all(rule, not(closed)),
      },
    ];
  });
  return packDefinitions(INSURANCE_GRADE_PACK, segments);
}
