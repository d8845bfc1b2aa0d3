import fc from 'fast-check';
import type { SeriesState } from './customer-features';
import { decodeSeries, encodeSeries } from './series-text.codec';

const int = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });
const count = fc.integer({ min: 0, max: 100_000 });
const ascending = (max: number) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max }), { maxLength: 12 })
    .map((xs) => xs.sort((a, b) => a - b));

const seriesArb: fc.Arbitrary<SeriesState> = fc.record({
  total: fc.tuple(count, int, int, int),
  last: fc.tuple(fc.nat(), int, fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/)),
  days: ascending(30_000).chain((days) =>
    fc.tuple(...days.map((day) => fc.tuple(fc.constant(day), count, int, int, int))),
  ),
  months: ascending(40_000).chain((months) =>
    fc.tuple(...months.map((month) => fc.tuple(fc.constant(month), count, int))),
  ),
}) as fc.Arbitrary<SeriesState>;

describe('series text codec', () => {
  it('round-trips any series, negative sums and empty bucket lists included', () => {
    fc.assert(
      fc.property(seriesArb, (series) => {
        expect(decodeSeries(encodeSeries(series))).toEqual(series);
      }),
      { numRuns: 500 },
    );
  });

  it('writes the compact forms: count only, one value, and delta-coded indexes', () => {
    const series: SeriesState = {
      total: [3, 0, 0, 0],
      last: [36, 5, 'fp'],
      days: [
        [100, 1, 7, 7, 7],
        [102, 2, 9, 4, 5],
      ],
      months: [[600, 2, 10]],
    };
    expect(encodeSeries(series)).toBe('3|10,5,fp|2s:1,7;2:2,9,4,5|go:2,a');
  });

  it('reads the shorter forms an older writer left (no bucket lists)', () => {
    expect(decodeSeries('2|a,0,x')).toEqual({
      total: [2, 0, 0, 0],
      last: [10, 0, 'x'],
      days: [],
      months: [],
    });
    expect(decodeSeries('2|a,0,x|1:1')).toMatchObject({ days: [[1, 1, 0, 0, 0]], months: [] });
  });

  it.each([
    ['', 'empty'],
    ['1', 'no last'],
    ['1|a,b', 'no fingerprint separator'],
    ['1|a,b,x|1:!', 'junk in a bucket'],
    ['1|a,b,x|1;2', 'an index without its bucket'],
    ['1|a,b,x||1:1|extra', 'a fifth part'],
    ['zzzzzzzzzzzzzz|a,b,x', 'a number beyond safe integers'],
    ['1,2,3|a,b,x', 'a three-number bucket'],
  ])('rejects %j (%s) as CORRUPT_CUSTOMER_FEATURES', (text) => {
    expect(() => decodeSeries(text)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_CUSTOMER_FEATURES' }),
    );
  });
});
