import { membership, purchase } from './testing.fixtures';
import { valueTierPack, VALUE_TIER_DEFAULTS } from './value-tier.pack';

describe('value tier pack', () => {
  const pack = valueTierPack();
  // Purchases in earlier months: the default value is the sum over the 12 complete months.
  const spending = (amount: number) => [purchase(40, amount / 2), purchase(200, amount / 2)];

  it.each([
    [20_000, 'value-tier.vip'],
    [10_000, 'value-tier.vip'],
    [9_999.98, 'value-tier.key'],
    [2_000, 'value-tier.key'],
    [500, 'value-tier.ordinary'],
    [199.98, 'value-tier.small'],
    [0, 'value-tier.small'],
  ])('puts a customer with value %p in exactly %s', (amount, tier) => {
    expect(membership(pack, spending(amount))).toEqual([tier]);
  });

  it('puts a customer with no history, or an unknown value, in the small tier', () => {
    expect(membership(pack, [])).toEqual(['value-tier.small']);
    const byProfile = valueTierPack({ value: { kind: 'profile', attribute: 'value/ltv' } });
    expect(membership(byProfile, [])).toEqual(['value-tier.small']);
  });

  it('moves a boundary when a parameter changes, as data', () => {
    const customer = spending(5_000);
    expect(membership(pack, customer)).toEqual(['value-tier.key']);
    expect(membership(valueTierPack({ vipMin: 5_000 }), customer)).toEqual(['value-tier.vip']);
    expect(VALUE_TIER_DEFAULTS.vipMin).toBe(10_000);
  });

  it('refuses bounds that would leave a tier empty', () => {
    expect(() => valueTierPack({ keyMin: 20_000 })).toThrow(
      expect.objectContaining({ code: 'INVALID_PACK_PARAMETERS' }) as Error,
    );
  });
});
