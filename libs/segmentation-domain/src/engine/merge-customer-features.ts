import type { IndexedBucket } from '../features/bucket-list';
import type {
  Bucket,
  CustomerFeatures,
  DayBucket,
  MonthBucket,
  SeriesState,
} from '../features/customer-features';

/**
 * The features of one person known under several ids, combined as if every event had been
 * applied to one state: buckets add (count, sum) and widen (min, max), the latest event and
 * each profile attribute keep their latest write by (time, fingerprint), exactly the
 * commutative rules of `applyEventToFeatures`, so merging in any order gives the same result.
 * Dedup rings are interleaved from their newest ends, keeping the newest `ring` fingerprints.
 */
export function mergeCustomerFeatures(
  survivor: CustomerFeatures,
  others: readonly CustomerFeatures[],
  ring: number,
): CustomerFeatures {
  let merged = survivor;
  for (const other of others) {
    const series: Record<string, SeriesState> = { ...merged.series };
    for (const [key, state] of Object.entries(other.series)) {
      const known = series[key];
      series[key] = known ? mergeSeries(known, state) : state;
    }
    const profile = { ...merged.profile };
    for (const [attribute, write] of Object.entries(other.profile)) {
      const known = profile[attribute];
      if (!known || isLater(write[1], write[2], known[1], known[2])) profile[attribute] = write;
    }
    merged = {
      ...merged,
      clockMs: maxOrNull(merged.clockMs, other.clockMs),
      applied: merged.applied + other.applied,
      series,
      profile,
      recent: interleaveNewest(merged.recent, other.recent, ring),
    };
  }
  return merged;
}

function mergeSeries(a: SeriesState, b: SeriesState): SeriesState {
  const later = isLater(b.last[0], b.last[2], a.last[0], a.last[2]);
  return {
    days: mergeBuckets<DayBucket>(a.days, b.days, (x, y) => [
      x[0],
      ...addBuckets([x[1], x[2], x[3], x[4]], [y[1], y[2], y[3], y[4]]),
    ]),
    months: mergeBuckets<MonthBucket>(a.months, b.months, (x, y) => [
      x[0],
      x[1] + y[1],
      x[2] + y[2],
    ]),
    total: addBuckets(a.total, b.total),
    last: later ? b.last : a.last,
  };
}

function addBuckets(a: Bucket, b: Bucket): Bucket {
  if (a[0] === 0) return b;
  if (b[0] === 0) return a;
  return [a[0] + b[0], a[1] + b[1], Math.min(a[2], b[2]), Math.max(a[3], b[3])];
}

/** Two ascending bucket lists merged by index, `add` combining buckets of the same index. */
function mergeBuckets<T extends IndexedBucket>(
  a: readonly T[],
  b: readonly T[],
  add: (x: T, y: T) => T,
): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x && (!y || x[0] < y[0])) {
      out.push(x);
      i++;
    } else if (y && (!x || y[0] < x[0])) {
      out.push(y);
      j++;
    } else {
      out.push(add(x!, y!));
      i++;
      j++;
    }
  }
  return out;
}

function interleaveNewest(a: readonly string[], b: readonly string[], ring: number): string[] {
  const seen = new Set<string>();
  const newestFirst: string[] = [];
  for (let k = 1; k <= Math.max(a.length, b.length) && newestFirst.length < ring; k++) {
    for (const fingerprint of [a[a.length - k], b[b.length - k]]) {
      if (fingerprint === undefined || seen.has(fingerprint) || newestFirst.length >= ring)
        continue;
      seen.add(fingerprint);
      newestFirst.push(fingerprint);
    }
  }
  return newestFirst.reverse();
}

function isLater(atMs: number, fingerprint: string, knownMs: number, knownFp: string): boolean {
  return atMs > knownMs || (atMs === knownMs && fingerprint > knownFp);
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
