import fc from 'fast-check';
import {
  decodeProfileField,
  encodeProfileField,
  profileAttributeCode,
  profileAttributesByCode,
} from './profile-field.codec';
import type { CustomerFeatures } from './customer-features';

type Profile = CustomerFeatures['profile'];

const ATTRIBUTES = ['kind', 'loyalty/tier', 'consent/sms', 'insurance/awareness', 'nps'];
const byCode = profileAttributesByCode(ATTRIBUTES);
const decode = (text: string): Profile => {
  const into: Profile = {};
  decodeProfileField(text, into, (code) => byCode.get(code));
  return into;
};

const value = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('average', 'a;b', 'x~y', '50%', 'q"uote', 'back\\slash', 'new\nline', '%0041'),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
/** A few changes (instant, fingerprint), each setting some attributes. */
const profile = fc
  .array(
    fc.record({
      atMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      fingerprint: fc.oneof(fc.string({ minLength: 1, unit: 'binary' }), fc.base64String()),
      values: fc.dictionary(fc.constantFrom(...ATTRIBUTES), value),
    }),
    { maxLength: 4 },
  )
  .map((changes) => {
    const out: Profile = {};
    for (const { atMs, fingerprint, values } of changes)
      for (const [attribute, v] of Object.entries(values)) out[attribute] = [v, atMs, fingerprint];
    return out;
  });

describe('profile field codec', () => {
  it('round-trips any profile, values and fingerprints of any text included', () => {
    fc.assert(
      fc.property(profile, (p) => {
        const text = encodeProfileField(p);
        if (Object.keys(p).length === 0) return text === undefined;
        // -0 is written as 0, as JSON did.
        const expected = Object.fromEntries(
          Object.entries(p).map(([k, [v, at, fp]]) => [k, [Object.is(v, -0) ? 0 : v, at, fp]]),
        );
        expect(decode(text!)).toEqual(expected);
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('writes text JSON carries unescaped, so a snapshot serialises on the fast path', () => {
    fc.assert(
      fc.property(profile, (p) => {
        const text = encodeProfileField(p);
        return text === undefined || JSON.stringify(text) === `"${text}"`;
      }),
      { numRuns: 500 },
    );
  });

  it('groups attributes by the change that set them, named by code', () => {
    const text = encodeProfileField({
      kind: ['person', 1_000, 'fp1'],
      'consent/sms': [true, 1_000, 'fp1'],
      nps: [9, 2_000, 'fp2'],
    });
    const [kind, sms, nps] = ['kind', 'consent/sms', 'nps'].map(profileAttributeCode);
    expect(text).toBe(`rs,fp1;${kind}sperson;${sms}t~1jk,fp2;${nps}n9`);
  });

  it('still reads the JSON form and drops attributes no longer tracked', () => {
    const json = JSON.stringify([
      ['rs', 'fp1', { [profileAttributeCode('kind')]: 'person', zzzz: 1 }],
      ['1jk', 'fp2', { [profileAttributeCode('nps')]: 9 }],
    ]);
    expect(decode(json)).toEqual({ kind: ['person', 1_000, 'fp1'], nps: [9, 2_000, 'fp2'] });
    const kind = profileAttributeCode('kind');
    expect(decode(`rs,fp1;${kind}sperson;zzzzn1`)).toEqual({ kind: ['person', 1_000, 'fp1'] });
  });

  it.each([
    ['a header without its comma', 'rs'],
    ['an instant that is not base 36', '!!,fp'],
    ['an entry shorter than a code', 'rs,fp;abc'],
    ['an unknown tag', `rs,fp;${profileAttributeCode('kind')}x1`],
    ['a number that is not one', `rs,fp;${profileAttributeCode('nps')}nabc`],
    ['a payload after a boolean', `rs,fp;${profileAttributeCode('nps')}tx`],
    ['a stray escape', `rs,fp;${profileAttributeCode('kind')}s50%`],
    ['a malformed JSON form', '[["x"]]'],
  ])('rejects %s as corrupt', (_, text) => {
    expect(() => decode(text)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_CUSTOMER_FEATURES' }) as Error,
    );
  });
});
