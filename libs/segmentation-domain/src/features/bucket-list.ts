/**
 * Buckets as arrays sorted by their index (`[index, ...values]`): compact in JSON and fast to
 * scan. (Objects keyed by day numbers ~20,000 make V8 store them as sparse elements, which made
 * reading a window ~100× slower.)
 */
export type IndexedBucket = [index: number, ...values: number[]];

/** A copy with the bucket at `index` replaced by `merge(existing)` (or inserted in order). */
export function upsertBucket<T extends IndexedBucket>(
  list: readonly T[],
  index: number,
  merge: (existing: T | undefined) => T,
): T[] {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]![0] < index) low = mid + 1;
    else high = mid;
  }
  const existing = list[low]?.[0] === index ? list[low] : undefined;
  const next = list.slice();
  next.splice(low, existing ? 1 : 0, merge(existing));
  return next;
}

/** The buckets with index ≥ `first` (the list itself when nothing is dropped). */
export function bucketsFrom<T extends IndexedBucket>(list: readonly T[], first: number): T[] {
  const start = list.findIndex(([index]) => index >= first);
  // The same list when nothing goes (empty included): callers rely on identity to skip work.
  if (start === 0 || list.length === 0) return list as T[];
  return start === -1 ? [] : list.slice(start);
}

/** The buckets with `first ≤ index ≤ last`. */
export function bucketsIn<T extends IndexedBucket>(
  list: readonly T[],
  first: number,
  last: number,
): T[] {
  return list.filter(([index]) => index >= first && index <= last);
}
