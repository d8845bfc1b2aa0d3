import {
  CONTACT_EVENT_TYPES,
  CONTACT_PAYLOAD_EXAMPLES,
  type ContactEventType,
} from '@cip/contracts';
import { FixedClock } from './clock';
import { decodeContactEvent } from './contact-event.decoder';

const clock = new FixedClock(new Date('2025-06-01T12:00:00.000Z'));

function eventOf(type: ContactEventType, payload: unknown = CONTACT_PAYLOAD_EXAMPLES[type]) {
  return {
    eventId: `evt-${type}`,
    type,
    version: 1,
    occurredAt: '2025-06-01T11:00:00Z',
    customerId: 'cust-42',
    source: 'crm',
    payload,
  };
}

/** Per type: a payload broken in a way specific to that type, and the field that must be named. */
const invalidPayloads: Record<ContactEventType, [payload: Record<string, unknown>, path: string]> =
  {
    'call.completed': [{ durationSeconds: 90_000 }, '/payload/durationSeconds'],
    'complaint.filed': [{ category: 'weather' }, '/payload/category'],
    'complaint.escalated': [{ level: 'ceo' }, '/payload/level'],
    'complaint.resolved': [{ resolution: undefined }, '/payload/resolution'],
    'purchase.completed': [{ amount: -5 }, '/payload/amount'],
    'transaction.recorded': [{ currency: 'EURO' }, '/payload/currency'],
    'payment.recorded': [{ status: 'early' }, '/payload/status'],
    'visit.completed': [{ channel: 'moon' }, '/payload/channel'],
    'message.sent': [{ channel: 'fax' }, '/payload/channel'],
    'message.opened': [{ messageId: '' }, '/payload/messageId'],
    'message.clicked': [{ linkId: 'x'.repeat(65) }, '/payload/linkId'],
    'survey.answered': [{ score: 7, scale: 'csat-1-5' }, '/payload/score'],
    'service.incident': [{ durationMinutes: 1.5 }, '/payload/durationMinutes'],
    'contract.started': [{ termMonths: 0 }, '/payload/termMonths'],
    'contract.renewal-opened': [{ endsOn: '2027-02-30' }, '/payload/endsOn'],
    'contract.renewed': [{ endsOn: 'next year' }, '/payload/endsOn'],
    'contract.cancellation-requested': [{ reason: 'bored' }, '/payload/reason'],
    'account.opened': [{ accountId: 'acc\u0000300' }, '/payload/accountId'],
    'account.closed': [{ initiatedBy: undefined }, '/payload/initiatedBy'],
    'credit.assessed': [
      { creditLimit: { amount: -1, currency: 'EUR' } },
      '/payload/creditLimit/amount',
    ],
    'referral.made': [{ referredCustomerId: 'not an id!' }, '/payload/referredCustomerId'],
    'referral.converted': [{ referredCustomerId: undefined }, '/payload/referredCustomerId'],
    'offer.responded': [{ response: 'maybe' }, '/payload/response'],
  };

function pathsOf(result: ReturnType<typeof decodeContactEvent>): string[] {
  return result.ok ? [] : result.issues.map((issue) => issue.path);
}

describe('decodeContactEvent over the whole catalog', () => {
  it('has a rejection case for every type', () => {
    expect(Object.keys(invalidPayloads).sort()).toEqual([...CONTACT_EVENT_TYPES].sort());
  });

  it.each(CONTACT_EVENT_TYPES)('accepts a valid %s event unchanged', (type) => {
    const event = eventOf(type);
    const result = decodeContactEvent(event, clock);
    expect(result).toEqual({ ok: true, event: expect.objectContaining({ type, version: 1 }) });
    // The examples spell out every default, so decoding adds nothing.
    expect(result.ok && result.event).toEqual(event);
  });

  it.each(CONTACT_EVENT_TYPES)('rejects a %s event with a broken field, naming it', (type) => {
    const [overrides, path] = invalidPayloads[type];
    const result = decodeContactEvent(
      eventOf(type, { ...CONTACT_PAYLOAD_EXAMPLES[type], ...overrides }),
      clock,
    );
    expect(result).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
    expect(pathsOf(result)).toEqual([path]);
  });

  it.each(CONTACT_EVENT_TYPES)('rejects an unknown payload field of %s', (type) => {
    const result = decodeContactEvent(
      eventOf(type, { ...CONTACT_PAYLOAD_EXAMPLES[type], notes: 'x' }),
      clock,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_EVENT',
      issues: [{ path: '/payload/notes', code: 'unrecognized_key' }],
    });
  });

  it.each(CONTACT_EVENT_TYPES)(
    'rejects a %s event without payload or with the wrong kind',
    (type) => {
      for (const payload of [undefined, 'text', [], 42]) {
        const result = decodeContactEvent({ ...eventOf(type), payload }, clock);
        expect(result).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
        expect(pathsOf(result)).toEqual(['/payload']);
      }
    },
  );

  it.each(CONTACT_EVENT_TYPES)('rejects an empty %s payload, naming required fields', (type) => {
    const result = decodeContactEvent(eventOf(type, {}), clock);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
    for (const path of pathsOf(result)) expect(path).toMatch(/^\/payload\/[a-zA-Z]+$/);
    expect(pathsOf(result).length).toBeGreaterThan(0);
  });

  it.each(CONTACT_EVENT_TYPES)('rejects version 2 of %s with its own code', (type) => {
    expect(decodeContactEvent({ ...eventOf(type), version: 2 }, clock)).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED_VERSION',
      issues: [{ path: '/version', code: 'unsupported_version' }],
    });
  });
});
