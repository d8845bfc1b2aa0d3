import fc from 'fast-check';
import { decodeJsonWith, decodeWith } from '../decode';
import {
  CONTACT_EVENT_SCHEMA_VERSIONS,
  CONTACT_EVENT_TYPES,
  CONTACT_PAYLOAD_EXAMPLES,
  contactEventV1Schema,
  contactEventV1StrictSchema,
  ISO_4217_CURRENCY_CODES,
} from './contact-event.v1';

const base = {
  eventId: 'evt-1',
  version: 1,
  occurredAt: '2026-11-01T10:00:00Z',
  customerId: 'cust-1',
  source: 'call-center',
};

describe('contact event v1 contract', () => {
  it('accepts a complaint and applies payload defaults', () => {
    const result = decodeWith(contactEventV1Schema, {
      ...base,
      type: 'complaint.filed',
      payload: { complaintId: 'c-1', category: 'billing' },
    });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        payload: { complaintId: 'c-1', category: 'billing', severity: 'medium' },
      }),
    });
  });

  it('names each failing field with a JSON pointer', () => {
    const result = decodeWith(contactEventV1Schema, {
      ...base,
      type: 'purchase.completed',
      payload: { amount: -5, currency: 'euro', productId: 'p' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).toEqual([
      '/payload/amount',
      '/payload/currency',
    ]);
  });

  it('rejects unknown types and versions', () => {
    expect(decodeWith(contactEventV1Schema, { ...base, type: 'teleport', payload: {} }).ok).toBe(
      false,
    );
    expect(
      decodeWith(contactEventV1Schema, {
        ...base,
        version: 2,
        type: 'survey.answered',
        payload: { score: 5 },
      }).ok,
    ).toBe(false);
  });

  it('keeps every type name of the first catalog, which downstream services rely on', () => {
    expect(CONTACT_EVENT_TYPES).toEqual(
      expect.arrayContaining([
        'call.completed',
        'complaint.filed',
        'complaint.resolved',
        'purchase.completed',
        'payment.recorded',
        'survey.answered',
        'service.incident',
      ]),
    );
    for (const type of CONTACT_EVENT_TYPES) {
      expect(type).toMatch(/^[a-z]+\.[a-z]+(-[a-z]+)*$/);
      expect(CONTACT_EVENT_SCHEMA_VERSIONS.get(type)).toEqual([1]);
    }
  });

  it.each(CONTACT_EVENT_TYPES)('decodes the %s example with both readings', (type) => {
    const event = { ...base, type, payload: CONTACT_PAYLOAD_EXAMPLES[type] };
    expect(decodeWith(contactEventV1Schema, event)).toEqual({ ok: true, value: event });
    expect(decodeWith(contactEventV1StrictSchema, event)).toEqual({ ok: true, value: event });
  });

  it('drops unknown fields when read tolerantly and rejects them when read strictly', () => {
    const event = {
      ...base,
      extra: 1,
      type: 'survey.answered',
      payload: { score: 9, comment: 'new optional field of a newer producer' },
    };
    expect(decodeWith(contactEventV1Schema, event)).toEqual({
      ok: true,
      value: { ...base, type: 'survey.answered', payload: { score: 9, scale: 'nps-0-10' } },
    });
    const strict = decodeWith(contactEventV1StrictSchema, event);
    expect(strict.ok || strict.issues.map((issue) => issue.code)).toEqual([
      'unrecognized_keys',
      'unrecognized_keys',
    ]);
  });

  it('checks survey scores against their scale', () => {
    const survey = (score: number, scale?: string) =>
      decodeWith(contactEventV1Schema, {
        ...base,
        type: 'survey.answered',
        payload: { score, ...(scale ? { scale } : {}) },
      }).ok;
    expect([survey(0), survey(10), survey(5, 'csat-1-5'), survey(7, 'ces-1-7')]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([
      survey(0, 'csat-1-5'),
      survey(6, 'csat-1-5'),
      survey(8, 'ces-1-7'),
      survey(11),
    ]).toEqual([false, false, false, false]);
  });

  it('accepts ISO 4217 currencies only', () => {
    expect(new Set(ISO_4217_CURRENCY_CODES).size).toBe(ISO_4217_CURRENCY_CODES.length);
    const purchase = (currency: string) =>
      decodeWith(contactEventV1Schema, {
        ...base,
        type: 'purchase.completed',
        payload: { amount: 1, currency, productId: 'p' },
      }).ok;
    expect(['EUR', 'USD', 'JPY', 'XOF', 'CHF'].map(purchase)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['XXX', 'XTS', 'ABC', 'eur', 'EURO'].map(purchase)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('reports malformed JSON as an issue instead of throwing', () => {
    expect(decodeJsonWith(contactEventV1Schema, Buffer.from('{"eventId":'))).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'invalid_json' })],
    });
  });

  it('never throws on arbitrary input and only accepts known types', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.constantFrom(...CONTACT_EVENT_TYPES, 'nope'),
        (payload, type) => {
          const result = decodeWith(contactEventV1Schema, { ...base, type, payload });
          return result.ok
            ? CONTACT_EVENT_TYPES.includes(result.value.type)
            : result.issues.length > 0;
        },
      ),
      { numRuns: 500 },
    );
  });
});
