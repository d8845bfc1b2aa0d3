import { DAY_MS } from '../features/extract-churn-features';
import { churnLabel } from './churn-outcome';

const SNAPSHOT = Date.parse('2026-06-01T00:00:00Z');
const outcome = (daysAfter: number | undefined) => ({
  customerId: 'c',
  kind: daysAfter === undefined ? undefined : ('quantity' as const),
  cause: daysAfter === undefined ? undefined : 'price',
  churnAt: daysAfter === undefined ? undefined : SNAPSHOT + daysAfter * DAY_MS,
});

describe('churnLabel', () => {
  it('is 1 for churn within the horizon, 0 after it or never, excluded if already churned', () => {
    expect(churnLabel(outcome(10), SNAPSHOT, 60)).toBe(1);
    expect(churnLabel(outcome(60), SNAPSHOT, 60)).toBe(1);
    expect(churnLabel(outcome(61), SNAPSHOT, 60)).toBe(0);
    expect(churnLabel(outcome(undefined), SNAPSHOT, 60)).toBe(0);
    expect(churnLabel(undefined, SNAPSHOT, 60)).toBe(0);
    expect(churnLabel(outcome(0), SNAPSHOT, 60)).toBe('excluded');
    expect(churnLabel(outcome(-30), SNAPSHOT, 60)).toBe('excluded');
  });
});
