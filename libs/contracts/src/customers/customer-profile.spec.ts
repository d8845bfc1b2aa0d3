import { decodeWith } from '../decode';
import { customerMergedV1Schema } from '../events/customer-merged.v1';
import { customerProfileChangedV1Schema } from '../events/customer-profile-changed.v1';
import { customerProfileSchema } from './customer-profile';
import { identifiersInputSchema } from './identifiers';

const envelope = {
  eventId: 'e-1',
  version: 1,
  occurredAt: '2025-01-01T12:00:00Z',
  customerId: 'cust-1',
  source: 'ingestion.identity',
};

describe('customerProfileSchema', () => {
  it('accepts a full person profile with consent per channel and purpose', () => {
    const profile = {
      kind: 'person',
      contact: {
        email: 'ann@example.com',
        phone: '+33612345678',
        address: { lines: ['1 rue de la Paix'], city: 'Paris', postalCode: '75002', country: 'FR' },
      },
      demographics: { givenName: 'Ann', birthDate: '1980-02-29', householdSize: 2 },
      preferences: {
        channel: 'sms',
        language: 'zh-Hant-TW',
        timeZone: 'America/Argentina/Buenos_Aires',
        consents: {
          sms: { marketing: { granted: false, at: '2025-01-01T10:00:00Z', source: 'ivr' } },
        },
      },
    };
    expect(decodeWith(customerProfileSchema, profile)).toEqual({ ok: true, value: profile });
    expect(decodeWith(customerProfileSchema, { preferences: { timeZone: 'UTC' } }).ok).toBe(true);
  });

  it('accepts the assigned agent of the relationship', () => {
    const profile = { relationship: { assignedAgentId: 'agent-007' } };
    expect(decodeWith(customerProfileSchema, profile)).toEqual({ ok: true, value: profile });
    expect(decodeWith(customerProfileSchema, { relationship: {} }).ok).toBe(true);
  });

  it.each([
    ['an unknown field', { creditGrade: 'A' }, '/'],
    ['a national number', { contact: { phone: '0612345678' } }, '/contact/phone'],
    ['an offset for a time zone', { preferences: { timeZone: '+01:00' } }, '/preferences/timeZone'],
    [
      'an unknown time zone',
      { preferences: { timeZone: 'Europe/Atlantis' } },
      '/preferences/timeZone',
    ],
    [
      'a bad language tag',
      { preferences: { language: 'english please' } },
      '/preferences/language',
    ],
    [
      'an impossible date',
      { demographics: { birthDate: '1981-02-29' } },
      '/demographics/birthDate',
    ],
    [
      'a consent without source',
      {
        preferences: {
          consents: { email: { surveys: { granted: true, at: '2025-01-01T10:00:00Z' } } },
        },
      },
      '/preferences/consents/email/surveys/source',
    ],
    [
      'consent for an unknown channel',
      { preferences: { consents: { fax: {} } } },
      '/preferences/consents',
    ],
    [
      'an empty assigned agent',
      { relationship: { assignedAgentId: '' } },
      '/relationship/assignedAgentId',
    ],
    [
      'an assigned agent id over 64 characters',
      { relationship: { assignedAgentId: 'a'.repeat(65) } },
      '/relationship/assignedAgentId',
    ],
    [
      'a control character in the assigned agent',
      { relationship: { assignedAgentId: 'agent\u0000-7' } },
      '/relationship/assignedAgentId',
    ],
    ['an unknown relationship field', { relationship: { agent: 'agent-7' } }, '/relationship'],
    [
      'a lower-case country',
      { contact: { address: { lines: ['x'], city: 'y', country: 'fr' } } },
      '/contact/address/country',
    ],
  ])('refuses %s, naming the field', (_label, profile, path) => {
    const result = decodeWith(customerProfileSchema, profile);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toContain(path);
  });
});

describe('identifiersInputSchema', () => {
  it('needs at least one known kind', () => {
    expect(identifiersInputSchema.safeParse({ email: 'a@x.io' }).success).toBe(true);
    expect(identifiersInputSchema.safeParse({}).success).toBe(false);
    expect(identifiersInputSchema.safeParse({ twitter: '@a' }).success).toBe(false);
  });
});

describe('customer events', () => {
  it('describe a merge keyed by its survivor', () => {
    const merged = {
      ...envelope,
      type: 'customer.merged',
      payload: {
        survivorId: 'cust-1',
        mergedIds: ['cust-2'],
        identifiersMoved: [{ kind: 'nationalId', value: 'hmac-sha256:00' }],
        reason: 'shared-identifier',
        matchedOn: ['email'],
      },
    };
    expect(customerMergedV1Schema.safeParse(merged).success).toBe(true);
    expect(
      customerMergedV1Schema.safeParse({ ...merged, payload: { ...merged.payload, mergedIds: [] } })
        .success,
    ).toBe(false);
  });

  it('describe a profile change with its fields and its actor', () => {
    const changed = {
      ...envelope,
      type: 'customer.profile.changed',
      payload: {
        profileVersion: 2,
        changes: [
          { field: '/contact/phone', value: null },
          { field: '/preferences', value: { channel: 'sms' } },
        ],
        changedBy: { actor: 'agent-7', via: 'api' },
      },
    };
    expect(customerProfileChangedV1Schema.safeParse(changed).success).toBe(true);
    expect(
      customerProfileChangedV1Schema.safeParse({
        ...changed,
        payload: { ...changed.payload, changes: [{ field: 'contact', value: 1 }] },
      }).success,
    ).toBe(false);
  });
});
