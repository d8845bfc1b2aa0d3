import { STANDARD_INDICATORS } from '../language/standard-indicators';
import { all, cmp, not } from './condition-builders';
import { packDefinitions, type PackDefinition } from './pack-definition';
import { PURCHASES_EVER } from './pack-operands';

export const RELATIONSHIP_DISTANCE_PACK = 'relationship-distance';

export interface RelationshipDistanceParams {
  /** Loyal: at least this many purchases in the 12 complete months before this one... */
  loyalMinPurchases12m: number;
  /** ...and a purchase within this many days. */
  loyalMaxRecencyDays: number;
}

export const RELATIONSHIP_DISTANCE_DEFAULTS: Readonly<RelationshipDistanceParams> = Object.freeze({
  loyalMinPurchases12m: 6,
  loyalMaxRecencyDays: 90,
});

/** Prospect → first-time buyer → repeat buyer → loyal (domain.md §3.2): exclusive, covering. */
export function relationshipDistancePack(
  params: Partial<RelationshipDistanceParams> = {},
): PackDefinition[] {
  const p = { ...RELATIONSHIP_DISTANCE_DEFAULTS, ...params };
  const loyal = all(
    cmp(STANDARD_INDICATORS.frequency12m, '>=', p.loyalMinPurchases12m),
    cmp(STANDARD_INDICATORS.recencyDays, '<=', p.loyalMaxRecencyDays),
  );
  return packDefinitions(RELATIONSHIP_DISTANCE_PACK, [
    {
      key: 'prospect',
      name: 'Prospects and targets',
      description: 'Known to us, never bought.',
      strategy:
        'Acquire: match the profile to the closest existing segment and make a first offer.',
      condition: cmp(PURCHASES_EVER, '=', 0),
    },
    {
      key: 'first-time-buyer',
      name: 'First-time buyers',
      description: 'Exactly one purchase so far.',
      strategy: 'Review within 48 hours; welcome and drive the second purchase.',
      condition: cmp(PURCHASES_EVER, '=', 1),
    },
    {
      key: 'repeat-buyer',
      name: 'Repeat buyers',
      description: 'Two purchases or more, not (yet) loyal.',
      strategy: 'Build the habit: cross-sell, loyalty programme enrolment.',
      condition: all(cmp(PURCHASES_EVER, '>=', 2), not(loyal)),
    },
    {
      key: 'loyal',
      name: 'Loyal customers',
      description:
        `At least ${p.loyalMinPurchases12m} purchases in the last 12 complete months ` +
        `and one within ${p.loyalMaxRecencyDays} days.`,
      strategy: 'Reward and retain: status, priority treatment, ask for referrals.',
      condition: all(cmp(PURCHASES_EVER, '>=', 2), loyal),
    },
  ]);
}
