import type { Operand } from '../language/segment-condition.schema';
import { STANDARD_INDICATORS } from '../language/standard-indicators';
import { all, any, cmp, not } from './condition-builders';
import { packDefinitions, type PackDefinition } from './pack-definition';
import { VALUE_TIER_DEFAULTS } from './value-tier.pack';

export const VALUE_SATISFACTION_PACK = 'value-satisfaction';

export interface ValueSatisfactionParams {
  value: Operand;
  /** High value from here up; by default the key-customer bound of the value tiers. */
  highValueMin: number;
  /** Latest NPS answer (0-10) at or below this is low satisfaction (NPS detractors: 0-6). */
  lowSatisfactionMaxScore: number;
  /** ...and so is this many complaints in the last 90 days, whatever the survey said. */
  lowSatisfactionMinComplaints90d: number;
}

export const VALUE_SATISFACTION_DEFAULTS: Readonly<ValueSatisfactionParams> = Object.freeze({
  value: VALUE_TIER_DEFAULTS.value,
  highValueMin: VALUE_TIER_DEFAULTS.keyMin,
  lowSatisfactionMaxScore: 6,
  lowSatisfactionMinComplaints90d: 2,
});

/**
 * The service-differentiation map (domain.md §3.3). Both axes are a condition and its negation,
 * so the four quadrants are exclusive and cover everyone: a customer with no survey answer and
 * no complaints counts as satisfied, one with an unknown value as low value.
 */
export function valueSatisfactionPack(
  params: Partial<ValueSatisfactionParams> = {},
): PackDefinition[] {
  const p = { ...VALUE_SATISFACTION_DEFAULTS, ...params };
  const highValue = cmp(p.value, '>=', p.highValueMin);
  const lowSatisfaction = any(
    cmp(STANDARD_INDICATORS.satisfactionLatest, '<=', p.lowSatisfactionMaxScore),
    cmp(STANDARD_INDICATORS.complaints90d, '>=', p.lowSatisfactionMinComplaints90d),
  );
  const satisfied =
    `latest NPS above ${p.lowSatisfactionMaxScore} (or none) and fewer than ` +
    `${p.lowSatisfactionMinComplaints90d} complaints in 90 days`;
  const dissatisfied =
    `latest NPS at most ${p.lowSatisfactionMaxScore} or at least ` +
    `${p.lowSatisfactionMinComplaints90d} complaints in 90 days`;
  return packDefinitions(VALUE_SATISFACTION_PACK, [
    {
      key: 'consolidate',
      name: 'High value, high satisfaction',
      description: `Value at least ${p.highValueMin}; ${satisfied}.`,
      strategy: 'Focus and consolidate.',
      condition: all(highValue, not(lowSatisfaction)),
    },
    {
      key: 'win-back',
      name: 'High value, low satisfaction',
      description: `Value at least ${p.highValueMin}; ${dissatisfied}.`,
      strategy: 'Win back actively and prevent churn (most urgent).',
      condition: all(highValue, lowSatisfaction),
    },
    {
      key: 'maintain',
      name: 'Low value, high satisfaction',
      description: `Value below ${p.highValueMin} or unknown; ${satisfied}.`,
      strategy: 'Maintain.',
      condition: all(not(highValue), not(lowSatisfaction)),
    },
    {
      key: 'let-go',
      name: 'Low value, low satisfaction',
      description: `Value below ${p.highValueMin} or unknown; ${dissatisfied}.`,
      strategy: 'Let go (lowest priority).',
      condition: all(not(highValue), lowSatisfaction),
    },
  ]);
}
