import { lifecycleStagePack } from './lifecycle-stage.pack';
import { event, membership, purchase } from './testing.fixtures';

const steady = [20, 50, 80, 110, 140, 170, 200, 230].map((d) => purchase(d, 100));

describe('lifecycle stage pack', () => {
  const pack = lifecycleStagePack();

  it.each([
    ['never bought', [], 'prospect'],
    ['bought once, a week ago', [purchase(7)], 'new'],
    ['bought twice, first 2 months ago', [purchase(7), purchase(60)], 'new'],
    ['buys every month for a year', [purchase(5), ...steady], 'established'],
    ['bought now and then for a year', [purchase(5), purchase(60), purchase(250)], 'developing'],
    ['has not bought for 4 months', [purchase(120), purchase(300)], 'at-risk'],
    [
      'spends far less than last quarter',
      [purchase(5, 1), purchase(40, 10), purchase(130, 1_000), ...steady.slice(4)],
      'at-risk',
    ],
    [
      'asked to cancel',
      [
        purchase(5),
        ...steady,
        event('contract.cancellation-requested', 3, { contractId: 'k', reason: 'price' }),
      ],
      'at-risk',
    ],
    ['has not bought for 7 months', [purchase(210), purchase(400)], 'lapsed'],
    ['came back after 10 months away', [purchase(20), purchase(320), purchase(400)], 'won-back'],
  ])('puts a customer who %s in exactly one stage', (_label, facts, stage) => {
    expect(membership(pack, facts)).toEqual([`lifecycle-stage.${stage}`]);
  });

  it('moves the lapsed boundary with its parameter', () => {
    const facts = [purchase(210), purchase(400)];
    expect(membership(lifecycleStagePack({ lapsedAfterDays: 240 }), facts)).toEqual([
      'lifecycle-stage.at-risk',
    ]);
  });

  it('refuses an at-risk threshold beyond the lapsed one', () => {
    expect(() => lifecycleStagePack({ atRiskAfterDays: 200 })).toThrow(
      expect.objectContaining({ code: 'INVALID_PACK_PARAMETERS' }) as Error,
    );
  });
});
