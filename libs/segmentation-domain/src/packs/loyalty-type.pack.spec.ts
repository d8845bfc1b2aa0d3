import { loyaltyTypePack } from './loyalty-type.pack';
import { event, membership, nps, profileFacts, purchase } from './testing.fixtures';

const repeatBuyer = [purchase(30), purchase(60), purchase(90)];
const accepted = (daysAgo: number) =>
  event('offer.responded', daysAgo, { offerId: 'o', response: 'accepted', channel: 'sms' });
const cancellation = (daysAgo: number, reason: string) =>
  event('contract.cancellation-requested', daysAgo, { contractId: 'k', reason });

describe('loyalty type pack', () => {
  const pack = loyaltyTypePack();

  it.each([
    [
      'no alternative supplier',
      [profileFacts({ 'loyalty/exclusive': true }), ...repeatBuyer],
      'exclusive',
    ],
    [
      'an employee',
      [profileFacts({ 'loyalty/affiliation': 'employee' }), ...repeatBuyer],
      'affiliated',
    ],
    [
      'a repeat buyer who takes offers',
      [...repeatBuyer, accepted(10), accepted(50), nps(5, 10)],
      'benefit-driven',
    ],
    ['a promoter who buys again and again', [...repeatBuyer, nps(5, 10)], 'trust'],
    ['a repeat buyer without a good score', [...repeatBuyer, nps(5, 6)], 'inertia'],
    ['a repeat buyer who never answered', repeatBuyer, 'inertia'],
    [
      'a promoter who looked at a competitor',
      [...repeatBuyer, nps(5, 10), cancellation(20, 'competitor')],
      'inertia',
    ],
    ['a promoter who rarely buys', [purchase(40), nps(5, 9)], 'latent'],
  ])('types %s, and only that', (_label, facts, type) => {
    expect(membership(pack, facts)).toEqual([`loyalty-type.${type}`]);
  });

  it('gives no type to an occasional, indifferent customer', () => {
    expect(membership(pack, [purchase(40), nps(5, 5)])).toEqual([]);
  });

  it('reads its profile attributes and thresholds from parameters', () => {
    const custom = loyaltyTypePack({
      affiliationAttribute: 'staff/kind',
      repeatMinPurchases12m: 1,
    });
    expect(membership(custom, [profileFacts({ 'staff/kind': 'relative' })])).toEqual([
      'loyalty-type.affiliated',
    ]);
    expect(membership(custom, [purchase(40), nps(5, 9)])).toEqual(['loyalty-type.trust']);
  });
});
