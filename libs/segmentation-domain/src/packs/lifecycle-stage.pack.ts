import { STANDARD_INDICATORS } from '../language/standard-indicators';
import { all, any, cmp, firstMatch } from './condition-builders';
import { assertDescending, packDefinitions, type PackDefinition } from './pack-definition';
import { PURCHASES_EVER, purchasesInDays } from './pack-operands';

export const LIFECYCLE_STAGE_PACK = 'lifecycle-stage';

export interface LifecycleStageParams {
  /** Lapsed: no purchase for more than this many days. */
  lapsedAfterDays: number;
  /** At risk: no purchase for more than this many days (and not lapsed)... */
  atRiskAfterDays: number;
  /** ...or spend of the last 3 complete months below this share of the 3 before (value churn)... */
  atRiskSpendTrendBelow: number;
  /** ...or a cancellation request in this many days. */
  atRiskCancellationDays: number;
  /** Won back: bought within this many days after a gap of more than `lapsedAfterDays`. */
  wonBackDays: number;
  /** New: first purchase within this many days (domain.md §2: the first 0-3-6 months). */
  newDays: number;
  /** Established: at least this many purchases in the 12 complete months before this one. */
  establishedMinPurchases12m: number;
}

export const LIFECYCLE_STAGE_DEFAULTS: Readonly<LifecycleStageParams> = Object.freeze({
  lapsedAfterDays: 180,
  atRiskAfterDays: 90,
  atRiskSpendTrendBelow: 0.5,
  atRiskCancellationDays: 30,
  wonBackDays: 90,
  newDays: 180,
  establishedMinPurchases12m: 4,
});

/**
 * Lifecycle stages (domain.md §2, §3.8), first match wins in the listed order, so every
 * customer is in exactly one. "New" and "won back" read the purchase history through day
 * windows: the first purchase is within `newDays` when all purchases ever are in that window.
 */
export function lifecycleStagePack(params: Partial<LifecycleStageParams> = {}): PackDefinition[] {
  const p = { ...LIFECYCLE_STAGE_DEFAULTS, ...params };
  assertDescending(LIFECYCLE_STAGE_PACK, {
    lapsedAfterDays: p.lapsedAfterDays,
    atRiskAfterDays: p.atRiskAfterDays,
  });
  const recency = STANDARD_INDICATORS.recencyDays;
  const gapWindow = purchasesInDays(p.wonBackDays + p.lapsedAfterDays);
  const segments = firstMatch(LIFECYCLE_STAGE_PACK, [
    {
      key: 'prospect',
      name: 'Prospects',
      description: 'Never bought.',
      strategy: 'Acquisition: profile-match to the closest segment; first offer.',
      condition: cmp(PURCHASES_EVER, '=', 0),
    },
    {
      key: 'lapsed',
      name: 'Lapsed customers',
      description: `No purchase for more than ${p.lapsedAfterDays} days.`,
      strategy: 'Repositioning: win-back campaign, or let go if low value.',
      condition: cmp(recency, '>', p.lapsedAfterDays),
    },
    {
      key: 'won-back',
      name: 'Won-back customers',
      description:
        `Bought in the last ${p.wonBackDays} days after more than ` +
        `${p.lapsedAfterDays} days without a purchase.`,
      strategy: 'Treat as new again: review within 48 hours, fix what made them leave.',
      // Purchases in the last wonBackDays, none in the lapsedAfterDays before, some earlier.
      condition: all(
        cmp(purchasesInDays(p.wonBackDays), '>=', 1),
        cmp(gapWindow, '=', purchasesInDays(p.wonBackDays)),
        cmp(PURCHASES_EVER, '>', gapWindow),
      ),
    },
    {
      key: 'at-risk',
      name: 'At-risk customers',
      description:
        `No purchase for more than ${p.atRiskAfterDays} days, quarterly spend below ` +
        `${p.atRiskSpendTrendBelow} of the quarter before, or a cancellation request in ` +
        `${p.atRiskCancellationDays} days.`,
      strategy: 'Anti-attrition: act on the trigger before the customer leaves.',
      condition: any(
        cmp(recency, '>', p.atRiskAfterDays),
        cmp(STANDARD_INDICATORS.spendTrend, '<', p.atRiskSpendTrendBelow),
        cmp(
          {
            kind: 'aggregate',
            fn: 'count',
            event: 'contract.cancellation-requested',
            window: { days: p.atRiskCancellationDays },
          },
          '>=',
          1,
        ),
      ),
    },
    {
      key: 'new',
      name: 'New customers',
      description: `First purchase within ${p.newDays} days.`,
      strategy: 'New-customer management: review within 48 hours, onboarding, activation.',
      condition: cmp(purchasesInDays(p.newDays), '=', PURCHASES_EVER),
    },
    {
      key: 'established',
      name: 'Established customers',
      description: `At least ${p.establishedMinPurchases12m} purchases in 12 complete months.`,
      strategy: 'Relationship management: retention levers, loyalty rewards, referrals.',
      condition: cmp(STANDARD_INDICATORS.frequency12m, '>=', p.establishedMinPurchases12m),
    },
    {
      key: 'developing',
      name: 'Developing customers',
      description: 'Active, past the new-customer period, not yet established.',
      strategy: 'Activation: incremental-sales plan towards a higher-value segment.',
      condition: cmp(PURCHASES_EVER, '>=', 1),
    },
  ]);
  return packDefinitions(LIFECYCLE_STAGE_PACK, segments);
}
