import { complaint, membership, nps, purchase } from './testing.fixtures';
import { valueSatisfactionPack } from './value-satisfaction.pack';

describe('value × satisfaction pack', () => {
  const pack = valueSatisfactionPack();
  const strategyOf = (id: string) => pack.find((d) => d.id === id)?.strategy;
  const highValue = [purchase(40, 3_000), purchase(100, 3_000)];
  const lowValue = [purchase(40, 50)];

  it('sends a high-value, dissatisfied customer to the most urgent quadrant', () => {
    const ids = membership(pack, [...highValue, nps(10, 3)]);
    expect(ids).toEqual(['value-satisfaction.win-back']);
    expect(strategyOf(ids[0]!)).toBe('Win back actively and prevent churn (most urgent).');
  });

  it.each([
    ['high value, promoter', [...highValue, nps(10, 10)], 'value-satisfaction.consolidate'],
    ['high value, no survey', highValue, 'value-satisfaction.consolidate'],
    ['low value, promoter', [...lowValue, nps(10, 9)], 'value-satisfaction.maintain'],
    ['no history at all', [], 'value-satisfaction.maintain'],
    [
      'low value, two complaints',
      [...lowValue, complaint(5), complaint(9)],
      'value-satisfaction.let-go',
    ],
    [
      'high value, good score but complaints',
      [...highValue, nps(3, 10), complaint(2), complaint(4)],
      'value-satisfaction.win-back',
    ],
  ])('%s lands in exactly one quadrant', (_label, facts, quadrant) => {
    expect(membership(pack, facts)).toEqual([quadrant]);
  });

  it('carries the four strategies of the map', () => {
    expect(pack.map((d) => [d.id, d.strategy])).toEqual([
      ['value-satisfaction.consolidate', 'Focus and consolidate.'],
      ['value-satisfaction.win-back', 'Win back actively and prevent churn (most urgent).'],
      ['value-satisfaction.maintain', 'Maintain.'],
      ['value-satisfaction.let-go', 'Let go (lowest priority).'],
    ]);
  });

  it('moves the satisfaction boundary with its parameter', () => {
    const passive = [...highValue, nps(10, 7)];
    expect(membership(pack, passive)).toEqual(['value-satisfaction.consolidate']);
    expect(membership(valueSatisfactionPack({ lowSatisfactionMaxScore: 8 }), passive)).toEqual([
      'value-satisfaction.win-back',
    ]);
  });
});
