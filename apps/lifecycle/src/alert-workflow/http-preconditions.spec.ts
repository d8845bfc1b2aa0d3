import { etagOf, ifMatchVersion } from './http-preconditions';

describe('If-Match on alerts', () => {
  it('round-trips a version through its ETag', () => {
    expect(ifMatchVersion(etagOf(7))).toEqual({ via: 'if-match', version: 7 });
  });

  it('reads absent, any, lists, and validators that can never match', () => {
    expect(ifMatchVersion(undefined)).toBeUndefined();
    expect(ifMatchVersion('  ')).toBeUndefined();
    expect(ifMatchVersion('*')).toEqual({ via: 'if-match', version: 'any' });
    expect(ifMatchVersion('"x", "3"')).toEqual({ via: 'if-match', version: 3 });
    for (const never of ['W/"3"', '3', '"1", "2"', '"abc"']) {
      expect([never, ifMatchVersion(never)]).toEqual([never, { via: 'if-match', version: -1 }]);
    }
  });
});
