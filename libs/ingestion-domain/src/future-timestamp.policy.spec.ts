import { FixedClock } from './clock';
import { checkOccurredAt } from './future-timestamp.policy';

describe('checkOccurredAt', () => {
  const clock = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));

  it('accepts the past and up to five minutes of skew', () => {
    expect(checkOccurredAt('2024-12-31T00:00:00Z', clock)).toBeUndefined();
    expect(checkOccurredAt('2025-01-01T12:05:00.000Z', clock)).toBeUndefined();
    expect(checkOccurredAt('2025-01-01T14:04:00+02:00', clock)).toBeUndefined();
  });

  it('rejects more than five minutes ahead', () => {
    expect(checkOccurredAt('2025-01-01T12:05:00.001Z', clock)).toMatchObject({
      path: '/occurredAt',
      code: 'in_future',
    });
  });

  it('follows the injected clock', () => {
    const moving = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));
    moving.advance(60 * 60 * 1000);
    expect(checkOccurredAt('2025-01-01T12:30:00Z', moving)).toBeUndefined();
  });
});
