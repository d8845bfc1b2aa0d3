import { creditGradePack } from './credit-grade.pack';
import { event, membership } from './testing.fixtures';

const assessed = (daysAgo: number, grade: string) =>
  event('credit.assessed', daysAgo, { grade, score: 500 });
const payment = (daysAgo: number, status: string) =>
  event('payment.recorded', daysAgo, { amount: 10, currency: 'EUR', status });
/** `onTime` of 20 monthly payments on time, the rest late, all in complete months. */
const payments = (onTime: number) =>
  Array.from({ length: 20 }, (_, i) => payment(20 + i * 15, i < onTime ? 'on-time' : 'late'));

describe('credit grade pack', () => {
  const pack = creditGradePack();

  it('grades by the latest assessment', () => {
    expect(membership(pack, [assessed(400, 'A'), assessed(30, 'C')])).toEqual(['credit-grade.c']);
    expect(membership(pack, [assessed(400, 'D'), assessed(30, 'B')])).toEqual(['credit-grade.b']);
    expect(membership(pack, [assessed(1, 'A')])).toEqual(['credit-grade.a']);
  });

  it('takes the worse grade when two assessments share a day', () => {
    expect(membership(pack, [assessed(5, 'B'), assessed(5, 'A')])).toEqual(['credit-grade.b']);
    expect(membership(pack, [assessed(5, 'D'), assessed(5, 'C')])).toEqual(['credit-grade.d']);
  });

  it('ignores payment behaviour once assessed', () => {
    expect(membership(pack, [assessed(30, 'A'), ...payments(0)])).toEqual(['credit-grade.a']);
  });

  it.each([
    [20, 'credit-grade.a'],
    [19, 'credit-grade.a'],
    [18, 'credit-grade.b'],
    [17, 'credit-grade.b'],
    [12, 'credit-grade.c'],
    [11, 'credit-grade.d'],
  ])('grades a never-assessed customer with %p of 20 payments on time', (onTime, grade) => {
    expect(membership(pack, payments(onTime))).toEqual([grade]);
  });

  it('grades nobody without an assessment or payments', () => {
    expect(membership(pack, [])).toEqual([]);
  });

  it('states the credit policy of each grade and follows its parameters', () => {
    expect(pack.map((d) => d.strategy)).toEqual([
      'Low risk: credit term 90 days, credit limit 50000.',
      'Acceptable risk: credit term 60 days, credit limit 20000.',
      'High risk: credit term 30 days, credit limit 5000.',
      'Unacceptable risk: no credit; payment up front or with collateral.',
    ]);
    expect(membership(creditGradePack({ onTimeRateMinB: 0.9 }), payments(17))).toEqual([
      'credit-grade.c',
    ]);
  });
});
