import type { Operand } from '../language/segment-condition.schema';
import { STANDARD_INDICATORS } from '../language/standard-indicators';
import { band, cmp, not } from './condition-builders';
import { assertDescending, packDefinitions, type PackDefinition } from './pack-definition';

export const VALUE_TIER_PACK = 'value-tier';

export interface ValueTierParams {
  /**
   * The value contribution ranked into tiers (domain.md §3.1: spend, margin, ARPU or lifetime
   * value). Default: purchase amounts over the 12 complete months before this one.
   */
  value: Operand;
  /** Lower bounds, in the value's unit; each tier runs up to the next one's bound. */
  vipMin: number;
  keyMin: number;
  ordinaryMin: number;
}

export const VALUE_TIER_DEFAULTS: Readonly<ValueTierParams> = Object.freeze({
  value: STANDARD_INDICATORS.monetary12m,
  vipMin: 10_000,
  keyMin: 2_000,
  ordinaryMin: 200,
});

/** VIP / key / ordinary / small by value contribution: exclusive bands that cover everyone. */
export function valueTierPack(params: Partial<ValueTierParams> = {}): PackDefinition[] {
  const p = { ...VALUE_TIER_DEFAULTS, ...params };
  assertDescending(VALUE_TIER_PACK, {
    vipMin: p.vipMin,
    keyMin: p.keyMin,
    ordinaryMin: p.ordinaryMin,
  });
  return packDefinitions(VALUE_TIER_PACK, [
    {
      key: 'vip',
      name: 'VIP customers',
      description: `Value contribution of at least ${p.vipMin}.`,
      strategy:
        'Core customer: dedicated relationship manager, priority service and personal care.',
      condition: cmp(p.value, '>=', p.vipMin),
    },
    {
      key: 'key',
      name: 'Key customers',
      description: `Value contribution from ${p.keyMin} up to ${p.vipMin}.`,
      strategy: 'Core customer: dedicated management, retention care and upsell towards VIP.',
      condition: band(p.value, p.keyMin, p.vipMin),
    },
    {
      key: 'ordinary',
      name: 'Ordinary customers',
      description: `Value contribution from ${p.ordinaryMin} up to ${p.keyMin}.`,
      strategy: 'Standard service; incremental-sales plans for those with add-on potential.',
      condition: band(p.value, p.ordinaryMin, p.keyMin),
    },
    {
      key: 'small',
      name: 'Small customers',
      description: `Value contribution below ${p.ordinaryMin}, or unknown.`,
      strategy: 'Low-cost handling: self-service and digital channels.',
      // Negated rather than `< ordinaryMin` so a missing value (null) still lands in a tier.
      condition: not(cmp(p.value, '>=', p.ordinaryMin)),
    },
  ]);
}
