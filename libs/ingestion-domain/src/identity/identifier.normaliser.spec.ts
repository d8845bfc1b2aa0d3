import fc from 'fast-check';
import { IdentifierNormaliser } from './identifier.normaliser';
import { normalisePhoneNumber } from './phone-number.normaliser';

const normaliser = new IdentifierNormaliser({
  defaultCallingCode: '33',
  nationalIdHashSecret: 'test-secret-of-at-least-32-characters!!',
});

describe('normalisePhoneNumber', () => {
  it.each([
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['(06) 12-34-56-78', '+33612345678'],
    ['612345678', '+33612345678'],
    ['+1 (415) 555-0100', '+14155550100'],
  ])('brings %s to %s', (raw, e164) => {
    expect(normalisePhoneNumber(raw, '33')).toEqual({ ok: true, e164 });
  });

  it.each(['+33 6 12 ab', '++3361234567', '+0612345678', '+1234', '+1234567890123456', ''])(
    'refuses %s',
    (raw) => {
      expect(normalisePhoneNumber(raw, '33').ok).toBe(false);
    },
  );

  it('uses the configured calling code for national numbers', () => {
    expect(normalisePhoneNumber('020 7946 0018', '44')).toEqual({
      ok: true,
      e164: '+442079460018',
    });
  });
});

describe('IdentifierNormaliser', () => {
  it('normalises every kind and returns them in a stable order', () => {
    const result = normaliser.normalise({
      phone: ' 06 12 34 56 78 ',
      email: '  Ann.Lee+News@Example.COM ',
      customerId: 'cust-42',
      accountNumber: 'fr76 3000-6000',
      deviceId: ' AbC-123 ',
    });
    expect(result).toEqual({
      ok: true,
      identifiers: [
        { kind: 'accountNumber', value: 'FR7630006000' },
        { kind: 'customerId', value: 'cust-42' },
        { kind: 'deviceId', value: 'AbC-123' },
        // No provider-specific tricks: dots and +tags are kept.
        { kind: 'email', value: 'ann.lee+news@example.com' },
        { kind: 'phone', value: '+33612345678' },
      ],
    });
  });

  it('stores a national id only as a keyed hash, equal for equal ids whatever the spelling', () => {
    const a = normaliser.normalise({ nationalId: '1 85 05 78 006 084' });
    const b = normaliser.normalise({ nationalId: '1850578006084' });
    expect(a).toEqual(b);
    if (!a.ok) throw new Error('expected ok');
    const [hashed] = a.identifiers;
    expect(hashed?.value).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(a)).not.toContain('1850578006084');
    const otherKey = new IdentifierNormaliser({
      defaultCallingCode: '33',
      nationalIdHashSecret: 'another-secret-another-secret-xx',
    });
    expect(otherKey.normalise({ nationalId: '1850578006084' })).not.toEqual(a);
  });

  it('names every failing field', () => {
    const result = normaliser.normalise({ phone: 'call me', email: 'nope', nationalId: '#' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).toEqual([
      '/identifiers/email',
      '/identifiers/nationalId',
      '/identifiers/phone',
    ]);
    expect(JSON.stringify(result.issues)).not.toContain('#');
  });

  it('refuses unknown kinds, non-strings and an empty set', () => {
    const unknown = normaliser.normalise({ twitter: '@ann' });
    expect(unknown).toMatchObject({
      ok: false,
      issues: expect.arrayContaining([
        expect.objectContaining({ path: '/identifiers', code: 'unrecognized_keys' }),
      ]),
    });
    const wrongType = normaliser.normalise({ phone: 612345678 });
    expect(wrongType.ok || wrongType.issues.map((i) => i.path)).toEqual(['/identifiers/phone']);
    expect(normaliser.normalise({}).ok).toBe(false);
    expect(normaliser.normalise('phone').ok).toBe(false);
  });

  it('is idempotent: a normalised value normalises to itself', () => {
    const phones = fc
      .tuple(fc.constantFrom('+33', '0033', '0', '+1', '+44'), fc.stringMatching(/^[1-9]\d{8}$/))
      .map(([prefix, digits]) => `${prefix} ${digits}`);
    fc.assert(
      fc.property(phones, fc.emailAddress(), (phone, email) => {
        const once = normaliser.normalise({ phone, email });
        if (!once.ok) return;
        const again = normaliser.normalise(
          Object.fromEntries(once.identifiers.map((i) => [i.kind, i.value])),
        );
        expect(again).toEqual(once);
      }),
    );
  });
});
