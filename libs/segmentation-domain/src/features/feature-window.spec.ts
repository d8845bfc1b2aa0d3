import { dayOf, monthOf } from './calendar';
import { nextWindowChangeMs, windowSpan } from './feature-window';

const NOW = Date.parse('2026-03-10T15:00:00.000Z');
const at = (iso: string) => Date.parse(iso);

describe('feature windows', () => {
  it('a 30-day window is today and the 29 days before', () => {
    expect(windowSpan({ days: 30 }, NOW)).toEqual({
      unit: 'day',
      first: dayOf(at('2026-02-09T00:00:00Z')),
      last: dayOf(NOW),
    });
  });

  it('month windows are complete months before the current one, after the skipped ones', () => {
    expect(windowSpan({ months: 3 }, NOW)).toEqual({
      unit: 'month',
      first: monthOf(at('2025-12-01T00:00:00Z')),
      last: monthOf(at('2026-02-01T00:00:00Z')),
    });
    expect(windowSpan({ months: 3, skipMonths: 3 }, NOW)).toMatchObject({
      first: monthOf(at('2025-09-01T00:00:00Z')),
      last: monthOf(at('2025-11-01T00:00:00Z')),
    });
  });

  it('changes when the oldest bucket leaves or a bucket dated ahead enters', () => {
    const days = [dayOf(at('2026-02-20T00:00:00Z')), dayOf(at('2026-03-01T00:00:00Z'))];
    expect(new Date(nextWindowChangeMs(days, { days: 30 }, NOW)!).toISOString()).toBe(
      '2026-03-22T00:00:00.000Z',
    );
    const ahead = [...days, dayOf(at('2026-03-12T00:00:00Z'))];
    expect(new Date(nextWindowChangeMs(ahead, { days: 30 }, NOW)!).toISOString()).toBe(
      '2026-03-12T00:00:00.000Z',
    );
    expect(nextWindowChangeMs([], { days: 30 }, NOW)).toBeNull();
    // A bucket that already left never comes back.
    expect(nextWindowChangeMs([dayOf(at('2025-01-01T00:00:00Z'))], { days: 30 }, NOW)).toBeNull();
  });

  it('month windows change at the start of the month a bucket enters or leaves', () => {
    const january = [monthOf(at('2026-01-15T00:00:00Z'))];
    // In the last complete 2 months (Jan–Feb) until it leaves on 1 April.
    expect(new Date(nextWindowChangeMs(january, { months: 2 }, NOW)!).toISOString()).toBe(
      '2026-04-01T00:00:00.000Z',
    );
    // Skipping 2 months, it enters the window on 1 April and leaves on 1 May.
    expect(
      new Date(nextWindowChangeMs(january, { months: 1, skipMonths: 2 }, NOW)!).toISOString(),
    ).toBe('2026-04-01T00:00:00.000Z');
  });
});
