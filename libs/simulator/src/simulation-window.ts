export const DAY_MS = 86_400_000;
export const MONTH_MS = 30.4375 * DAY_MS;
export const YEAR_MS = 365.25 * DAY_MS;

/** The simulated period [start, end) in epoch milliseconds. */
export interface SimulationWindow {
  start: number;
  end: number;
}

/** The `months` calendar months up to `end`, e.g. the year before today's midnight (UTC). */
export function windowEndingAt(end: Date, months: number): SimulationWindow {
  const start = new Date(end.getTime());
  start.setUTCMonth(start.getUTCMonth() - months);
  return { start: start.getTime(), end: end.getTime() };
}

/** Today's 00:00 UTC: a default end that gives the same output for every run of the day. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
