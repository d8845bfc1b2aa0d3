export const DAY_MS = 86_400_000;

/**
 * UTC calendar arithmetic for buckets. Day `d` covers [d·24h, (d+1)·24h) since the epoch; month
 * `m` is `year·12 + monthIndex` (0-based), so consecutive months differ by one.
 */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export function dayStartMs(day: number): number {
  return day * DAY_MS;
}

export function monthOf(ms: number): number {
  const date = new Date(ms);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export function monthStartMs(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1);
}
