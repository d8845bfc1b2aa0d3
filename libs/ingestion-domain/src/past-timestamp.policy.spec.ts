import { FixedClock } from './clock';
import { checkOccurredAtAge } from './past-timestamp.policy';

describe('checkOccurredAtAge', () => {
  const clock = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));

  it('accepts decades of history', () => {
    expect(checkOccurredAtAge('1990-06-30T00:00:00Z', clock)).toBeUndefined();
    expect(checkOccurredAtAge('2025-01-01T11:59:00Z', clock)).toBeUndefined();
  });

  it.each(['0001-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '1970-01-01T00:00:00Z'])(
    'rejects the default or epoch timestamp %s',
    (occurredAt) => {
      expect(checkOccurredAtAge(occurredAt, clock)).toMatchObject({
        path: '/occurredAt',
        code: 'too_old',
      });
    },
  );

  it('takes the limit as a parameter, relative to the injected clock', () => {
    const day = 24 * 60 * 60 * 1000;
    expect(checkOccurredAtAge('2024-12-30T12:00:00Z', clock, day)).toMatchObject({
      code: 'too_old',
    });
    expect(checkOccurredAtAge('2024-12-31T12:00:01Z', clock, day)).toBeUndefined();
  });
});
