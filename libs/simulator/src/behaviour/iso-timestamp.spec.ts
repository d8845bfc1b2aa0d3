import fc from 'fast-check';
import { isoTimestamp } from './iso-timestamp';

describe('isoTimestamp', () => {
  it('formats exactly as Date#toISOString for any whole-millisecond instant from 1970 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (at) => {
        expect(isoTimestamp(at)).toBe(new Date(at).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });
});
