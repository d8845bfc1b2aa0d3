import { applyMergePatch, type Json } from './json-merge-patch';
import { diffProfiles } from './profile-diff';
import fc from 'fast-check';

describe('applyMergePatch (RFC 7396)', () => {
  // The examples of RFC 7396, appendix A.
  it.each<[Json, Json, Json]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j patched with %j is %j', (target, patch, expected) => {
    const before = structuredClone(target);
    expect(applyMergePatch(target, patch)).toEqual(expected);
    expect(target).toEqual(before);
  });
});

describe('diffProfiles', () => {
  it('lists changed leaves as JSON pointers with their new value, removals as null', () => {
    expect(
      diffProfiles(
        { contact: { email: 'a@x.io', phone: '+33600000000' }, kind: 'person' },
        { contact: { email: 'b@x.io' }, kind: 'person', preferences: { language: 'fr' } },
      ),
    ).toEqual([
      { field: '/contact/email', value: 'b@x.io' },
      { field: '/contact/phone', value: null },
      { field: '/preferences', value: { language: 'fr' } },
    ]);
    expect(diffProfiles({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
  });

  it('yields changes that, as a merge patch, turn before into after (objects without nulls)', () => {
    const value: fc.Arbitrary<Json> = fc.oneof(fc.string(), fc.integer(), fc.boolean());
    const doc = fc.dictionary(
      fc.constantFrom('a', 'b', 'c/d', 'e~f'),
      fc.oneof(value, fc.dictionary(fc.constantFrom('x', 'y'), value)),
    );
    fc.assert(
      fc.property(doc, doc, (before, after) => {
        let patched: Json = before;
        for (const change of diffProfiles(before, after)) {
          const path = change.field
            .split('/')
            .slice(1)
            .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
          const patch = path.reduceRight<Json>((inner, key) => ({ [key]: inner }), change.value);
          patched = applyMergePatch(patched, patch);
        }
        expect(patched).toEqual(after);
      }),
    );
  });
});
