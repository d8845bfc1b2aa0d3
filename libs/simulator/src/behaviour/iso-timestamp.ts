const DAY_MS = 86_400_000;
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** Date prefixes ("2026-03-01T") already built, by day number; a run spans a few hundred days. */
const dayPrefixes = new Map<number, string>();

/**
 * `new Date(at).toISOString()` for instants after 1970, several times faster: the date part is
 * cached per day and only the time of day is formatted. Every event needs one.
 */
export function isoTimestamp(at: number): string {
  const day = Math.floor(at / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size > 10_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  let rest = at - day * DAY_MS;
  const ms = rest % 1_000;
  rest = (rest - ms) / 1_000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${prefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${three(ms)}Z`;
}
