import { insuranceGradePack } from './insurance-grade.pack';
import { event, membership, profileFacts, purchase } from './testing.fixtures';

const axes = (economic: string, awareness: string, influence: string) =>
  profileFacts({
    'insurance/economic': economic,
    'insurance/awareness': awareness,
    'insurance/influence': influence,
  });
const referral = (daysAgo: number) =>
  event('referral.made', daysAgo, { referralId: `r${daysAgo}` });

describe('insurance grade pack', () => {
  const pack = insuranceGradePack();
  const strategyOf = (id: string) => pack.find((d) => d.id === id)?.strategy;

  it.each([
    ['good', 'strong', 'wide', 'a'],
    ['good', 'average', 'wide', 'b'],
    ['average', 'strong', 'average', 'c'],
    ['average', 'average', 'average', 'd'],
    // Outside the table's four profiles: the highest grade whose requirements are met.
    ['good', 'strong', 'average', 'c'],
    ['average', 'average', 'wide', 'd'],
  ])('grades %s / %s / %s as %s', (economic, awareness, influence, grade) => {
    expect(membership(pack, [axes(economic, awareness, influence)])).toEqual([
      `insurance-grade.${grade}-open`,
    ]);
    expect(membership(pack, [axes(economic, awareness, influence), purchase(10)])).toEqual([
      `insurance-grade.${grade}-closed`,
    ]);
  });

  it('counts a contract as closed and referrals as wide influence', () => {
    const facts = [
      axes('good', 'strong', 'average'),
      referral(10),
      referral(100),
      event('contract.started', 30, { contractId: 'k', productId: 'life' }),
    ];
    expect(membership(pack, facts)).toEqual(['insurance-grade.a-closed']);
  });

  it('grades a customer with an empty file as D', () => {
    expect(membership(pack, [])).toEqual(['insurance-grade.d-open']);
  });

  it('prescribes the action of the grade and of the sales stage', () => {
    expect(strategyOf('insurance-grade.a-open')).toBe(
      'Visit actively and close; use as a referral source.',
    );
    expect(strategyOf('insurance-grade.b-open')).toBe('Nurture: send relevant information.');
    expect(strategyOf('insurance-grade.d-open')).toBe('Slow nurture.');
    expect(pack).toHaveLength(8);
  });
});
