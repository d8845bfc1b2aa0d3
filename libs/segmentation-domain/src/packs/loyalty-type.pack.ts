import type { Condition } from '../language/segment-condition.schema';
import { STANDARD_INDICATORS } from '../language/standard-indicators';
import { all, cmp, firstMatch, not, oneOf, profile } from './condition-builders';
import { packDefinitions, type PackDefinition } from './pack-definition';

export const LOYALTY_TYPE_PACK = 'loyalty-type';

export interface LoyaltyTypeParams {
  /** Profile attribute (boolean): the customer has no alternative supplier. */
  exclusiveAttribute: string;
  /** Profile attribute (string): the customer's tie to the company, e.g. `employee`. */
  affiliationAttribute: string;
  affiliations: string[];
  /** Repeat purchase: at least this many purchases in the 12 complete months before this one. */
  repeatMinPurchases12m: number;
  /** Benefit-driven: at least this many accepted offers (points, perks) in 365 days. */
  benefitMinAcceptedOffers: number;
  /** Positive attitude: latest NPS answer at least this (NPS promoters: 9-10)... */
  attitudeMinScore: number;
  /** ...and no cancellation request for a competitor or the price in this many days. */
  competitorInterestDays: number;
}

export const LOYALTY_TYPE_DEFAULTS: Readonly<LoyaltyTypeParams> = Object.freeze({
  exclusiveAttribute: 'loyalty/exclusive',
  affiliationAttribute: 'loyalty/affiliation',
  affiliations: ['employee', 'relative'],
  repeatMinPurchases12m: 3,
  benefitMinAcceptedOffers: 2,
  attitudeMinScore: 9,
  competitorInterestDays: 365,
});

/**
 * Loyalty types (domain.md §3.5), first match wins in the listed order: the structural ties
 * (exclusive, affiliated) come from the customer file, the behavioural ones from repeat purchase,
 * accepted offers, satisfaction and interest in competitors. A customer with neither repeat
 * purchases nor a positive attitude has no loyalty type.
 */
export function loyaltyTypePack(params: Partial<LoyaltyTypeParams> = {}): PackDefinition[] {
  const p = { ...LOYALTY_TYPE_DEFAULTS, ...params };
  const repeats = cmp(STANDARD_INDICATORS.frequency12m, '>=', p.repeatMinPurchases12m);
  const positiveAttitude: Condition = all(
    cmp(STANDARD_INDICATORS.satisfactionLatest, '>=', p.attitudeMinScore),
    cmp(
      {
        kind: 'aggregate',
        fn: 'count',
        event: 'contract.cancellation-requested',
        where: { reason: ['competitor', 'price'] },
        window: { days: p.competitorInterestDays },
      },
      '=',
      0,
    ),
  );
  const acceptedOffers = {
    kind: 'aggregate',
    fn: 'count',
    event: 'offer.responded',
    where: { response: 'accepted' },
    window: { days: 365 },
  } as const;
  const segments = firstMatch(LOYALTY_TYPE_PACK, [
    {
      key: 'exclusive',
      name: 'Exclusive loyalty',
      description: `No alternative supplier (profile ${p.exclusiveAttribute} = true).`,
      strategy: 'Keep quality consistent; prepare for the day an alternative appears.',
      condition: cmp(profile(p.exclusiveAttribute), '=', true),
    },
    {
      key: 'affiliated',
      name: 'Affiliated loyalty',
      description: `Employees and relatives (profile ${p.affiliationAttribute}).`,
      strategy: 'Staff and family programme; use as referral sources.',
      condition: oneOf(profile(p.affiliationAttribute), p.affiliations),
    },
    {
      key: 'benefit-driven',
      name: 'Benefit-driven loyalty',
      description:
        `Repeat buyer (≥ ${p.repeatMinPurchases12m} purchases in 12 months) who accepted ` +
        `≥ ${p.benefitMinAcceptedOffers} offers in 365 days.`,
      strategy: 'Points that grow with use and member perks; move towards trust with service.',
      condition: all(repeats, cmp(acceptedOffers, '>=', p.benefitMinAcceptedOffers)),
    },
    {
      key: 'trust',
      name: 'Trust loyalty',
      description:
        `Repeat buyer with a latest NPS of at least ${p.attitudeMinScore} and no ` +
        `competitor or price cancellation request in ${p.competitorInterestDays} days.`,
      strategy: 'Personalised care and status; ask for referrals.',
      condition: all(repeats, positiveAttitude),
    },
    {
      key: 'inertia',
      name: 'Inertia loyalty',
      description: 'Repeat buyer out of habit: no positive attitude measured.',
      strategy: 'Raise switching costs: contracts, bundles, habits; lift satisfaction.',
      condition: all(repeats, not(positiveAttitude)),
    },
    {
      key: 'latent',
      name: 'Latent loyalty',
      description: 'Positive attitude but few repeat purchases.',
      strategy: 'Remove purchase barriers: reminders, convenient channels, targeted offers.',
      condition: all(not(repeats), positiveAttitude),
    },
  ]);
  return packDefinitions(LOYALTY_TYPE_PACK, segments);
}
