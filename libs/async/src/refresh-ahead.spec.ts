import { refreshDecision } from './refresh-ahead';

describe('refreshDecision', () => {
  it.each([
    [0, 1_000, 'serve'],
    [749, 1_000, 'serve'],
    [750, 1_000, 'serve-and-read-ahead'],
    [999, 1_000, 'serve-and-read-ahead'],
    [1_000, 1_000, 'wait-for-read'],
    [60_000, 1_000, 'wait-for-read'],
    [0, 0, 'wait-for-read'],
  ])('a value %i ms old with a %i ms period: %s', (ageMs, refreshMs, expected) => {
    expect(refreshDecision(ageMs, refreshMs)).toBe(expected);
  });
});
