import { SegmentationError } from '../definitions/segment-definition';
import type { DayBucket, MonthBucket, SeriesState } from './customer-features';

/**
 * One series as text (ADR 0007): `total|last|days|months`, numbers in base 36; `last` is
 * `atMs,measure,fingerprint`; `days` and `months` are `first:bucket;delta:bucket;…` (indexes
 * delta-coded, ascending); a bucket is `n` (count only), `n,s` (sum = min = max) or `n,s,lo,hi`,
 * and a month keeps `n,s`. Every event of a customer decodes and encodes all its series, so both
 * directions are one pass over the characters, with no intermediate arrays.
 */
export function encodeSeries(series: SeriesState): string {
  const { total, last } = series;
  // One join at the end: a flat string, where += would leave a rope to flatten at every read.
  const parts = [
    bucket(total[0], total[1], total[2], total[3]),
    '|',
    b36(last[0]),
    ',',
    b36(last[1]),
    ',',
    last[2],
    '|',
  ];
  let previous = 0;
  for (let i = 0; i < series.days.length; i++) {
    const [day, n, s, lo, hi] = series.days[i]!;
    if (i > 0) parts.push(';');
    parts.push(b36(day - previous), ':', bucket(n, s, lo, hi));
    previous = day;
  }
  parts.push('|');
  previous = 0;
  for (let i = 0; i < series.months.length; i++) {
    const [month, n, s] = series.months[i]!;
    if (i > 0) parts.push(';');
    parts.push(b36(month - previous), ':', bucket(n, s, s, s));
    previous = month;
  }
  return parts.join('');
}

/** Inverse of `encodeSeries`; anything malformed is CORRUPT_CUSTOMER_FEATURES. */
export function decodeSeries(text: string): SeriesState {
  const reader = new SeriesReader(text);
  reader.bucket();
  const total: SeriesState['total'] = [reader.n, reader.s, reader.lo, reader.hi];
  reader.expect(PIPE);
  const atMs = reader.num();
  reader.expect(COMMA);
  const measure = reader.num();
  reader.expect(COMMA);
  const fingerprint = reader.upTo(PIPE);
  const days: DayBucket[] = [];
  const months: MonthBucket[] = [];
  if (!reader.done()) {
    reader.expect(PIPE);
    // One array per bucket, filled as it is read: this runs for every series of every event.
    for (let more = reader.firstIndex(PIPE); more; more = reader.nextIndex()) {
      reader.bucket();
      days.push([reader.index, reader.n, reader.s, reader.lo, reader.hi]);
    }
    if (!reader.done()) {
      reader.expect(PIPE);
      for (let more = reader.firstIndex(NaN); more; more = reader.nextIndex()) {
        reader.bucket();
        months.push([reader.index, reader.n, reader.s]);
      }
    }
  }
  if (!reader.done()) throw corrupt();
  return { total, last: [atMs, measure, fingerprint], days, months };
}

const PIPE = 124;
const COMMA = 44;
const COLON = 58;
const SEMICOLON = 59;
const MINUS = 45;

class SeriesReader {
  private at = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  expect(code: number): void {
    if (this.text.charCodeAt(this.at) !== code) throw corrupt();
    this.at += 1;
  }

  /** A base-36 integer (optionally negative); at least one digit. */
  num(): number {
    const text = this.text;
    let i = this.at;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i += 1;
    const start = i;
    let value = 0;
    for (; i < text.length; i++) {
      const digit = digitOf(text.charCodeAt(i));
      if (digit < 0) break;
      value = value * 36 + digit;
    }
    if (i === start || !Number.isSafeInteger(value)) throw corrupt();
    this.at = i;
    return negative ? -value : value;
  }

  /** The text up to (not including) `code` or the end. */
  upTo(code: number): string {
    const end = this.text.indexOf(String.fromCharCode(code), this.at);
    const stop = end < 0 ? this.text.length : end;
    const part = this.text.slice(this.at, stop);
    this.at = stop;
    return part;
  }

  /** The last bucket read (`bucket()`): count, sum, min, max. */
  n = 0;
  s = 0;
  lo = 0;
  hi = 0;

  bucket(): void {
    this.n = this.num();
    if (this.text.charCodeAt(this.at) !== COMMA) {
      this.s = this.lo = this.hi = 0;
      return;
    }
    this.at += 1;
    this.s = this.num();
    if (this.text.charCodeAt(this.at) !== COMMA) {
      this.lo = this.hi = this.s;
      return;
    }
    this.at += 1;
    this.lo = this.num();
    this.expect(COMMA);
    this.hi = this.num();
  }

  /** The index of the bucket about to be read in a `first:bucket;delta:bucket;…` list. */
  index = 0;

  /**
   * Reads the first index of a list (up to `end` or the end of the text) and its colon; false
   * when the list is empty. The bucket follows.
   */
  firstIndex(end: number): boolean {
    if (this.done() || this.text.charCodeAt(this.at) === end) return false;
    this.index = this.num();
    this.expect(COLON);
    return true;
  }

  /** After a bucket: reads the next index (`;delta:`); false at the end of the list. */
  nextIndex(): boolean {
    if (this.text.charCodeAt(this.at) !== SEMICOLON) return false;
    this.at += 1;
    this.index += this.num();
    this.expect(COLON);
    return true;
  }
}

function digitOf(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return -1;
}

function bucket(n: number, s: number, lo: number, hi: number): string {
  if (s === 0 && lo === 0 && hi === 0) return b36(n);
  if (lo === hi && s === lo) return `${b36(n)},${b36(s)}`;
  return `${b36(n)},${b36(s)},${b36(lo)},${b36(hi)}`;
}

function b36(value: number): string {
  return value.toString(36);
}

function corrupt(): SegmentationError {
  return new SegmentationError('CORRUPT_CUSTOMER_FEATURES', 'stored features hash is malformed');
}
