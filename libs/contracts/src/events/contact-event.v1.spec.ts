import fc from 'fast-check';
import { decodeJsonWith, decodeWith } from '../decode';
import { CONTACT_EVENT_TYPES, contactEventV1Schema } from './contact-event.v1';

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
