import type { Severity } from '@cip/contracts';
import type { SatisfactionLevel, ValueTier } from './value-profile';

export type ValueBand = 'high' | 'low';
type KnownSatisfaction = Exclude<SatisfactionLevel, 'unknown'>;

/**
 * domain.md §3.3, the service-differentiation map, as attrition urgency:
 * high value + low satisfaction = win back now (most urgent); low value + low satisfaction = let go.
 */
export const QUADRANT_SEVERITY: Readonly<
  Record<ValueBand, Readonly<Record<KnownSatisfaction, Severity>>>
> = {
  high: { low: 'critical', high: 'high' },
  low: { low: 'low', high: 'medium' },
};

/** VIP and key customers are the high-value band (domain.md §3.1); unknown stays unknown. */
export function valueBandOf(tier: ValueTier): ValueBand | undefined {
  switch (tier) {
    case 'vip':
    case 'key':
      return 'high';
    case 'ordinary':
    case 'small':
      return 'low';
    case 'unknown':
      return undefined;
  }
}
