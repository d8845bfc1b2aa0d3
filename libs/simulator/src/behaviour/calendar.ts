import { DAY_MS } from '../simulation-window';

export const WEEK_MS = 7 * DAY_MS;
export const HOUR_MS = 3_600_000;

/** YYYY-MM-DD of an instant (UTC), as the contract's date fields want it. */
export function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Each billing date (the customer's billing day, every month) in [from, until). */
export function* billingDates(billingDay: number, from: number, until: number): Generator<number> {
  const first = new Date(from);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  for (;;) {
    const due = Date.UTC(year, month, billingDay, 6);
    if (due >= until) return;
    if (due >= from) yield due;
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
}
