import { relationshipDistancePack } from './relationship-distance.pack';
import { membership, purchase } from './testing.fixtures';

const monthly = (n: number, from = 20) =>
  Array.from({ length: n }, (_, i) => purchase(from + 30 * i));

describe('relationship distance pack', () => {
  const pack = relationshipDistancePack();

  it.each([
    ['never bought', [], 'prospect'],
    ['bought once', [purchase(400)], 'first-time-buyer'],
    ['bought twice', [purchase(10), purchase(400)], 'repeat-buyer'],
    ['buys monthly', monthly(8), 'loyal'],
    ['bought monthly but stopped', monthly(8, 120), 'repeat-buyer'],
  ])('puts a customer who %s in exactly one step', (_label, facts, step) => {
    expect(membership(pack, facts)).toEqual([`relationship-distance.${step}`]);
  });

  it('moves the loyal boundary with its parameter', () => {
    expect(membership(relationshipDistancePack({ loyalMinPurchases12m: 9 }), monthly(8))).toEqual([
      'relationship-distance.repeat-buyer',
    ]);
  });
});
