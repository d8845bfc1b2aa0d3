import fc from 'fast-check';
import { FixedClock } from './clock';
import { decodeContactEvent } from './contact-event.decoder';

const clock = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));

const validCall = {
  eventId: 'evt-1',
  type: 'call.completed',
  version: 1,
  occurredAt: '2025-01-01T11:00:00Z',
  customerId: 'cust-42',
  source: 'call-center',
  payload: { direction: 'inbound', durationSeconds: 120, outcome: 'resolved' },
};

describe('decodeContactEvent', () => {
  it('accepts a valid event', () => {
    const result = decodeContactEvent(validCall, clock);
    expect(result).toEqual({ ok: true, event: validCall });
  });

  it('applies contract defaults', () => {
    const result = decodeContactEvent(
      {
        ...validCall,
        type: 'complaint.filed',
        payload: { complaintId: 'c1', category: 'billing' },
      },
      clock,
    );
    expect(result.ok && result.event.payload).toEqual({
      complaintId: 'c1',
      category: 'billing',
      severity: 'medium',
    });
  });

  it('names every failing field', () => {
    const result = decodeContactEvent(
      {
        ...validCall,
        customerId: '',
        occurredAt: 'yesterday',
        payload: { direction: 'sideways', durationSeconds: -1 },
      },
      clock,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('INVALID_EVENT');
    const paths = result.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/customerId',
        '/occurredAt',
        '/payload/direction',
        '/payload/durationSeconds',
        '/payload/outcome',
      ]),
    );
  });

  it('has dedicated codes for unknown type and unsupported version', () => {
    expect(decodeContactEvent({ ...validCall, type: 'teleport.done' }, clock)).toMatchObject({
      ok: false,
      code: 'UNKNOWN_EVENT_TYPE',
      issues: [{ path: '/type' }],
    });
    expect(decodeContactEvent({ ...validCall, version: 2 }, clock)).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED_VERSION',
      issues: [{ path: '/version' }],
    });
  });

  it('rejects events more than five minutes in the future', () => {
    expect(
      decodeContactEvent({ ...validCall, occurredAt: '2025-01-01T12:06:00Z' }, clock),
    ).toMatchObject({
      ok: false,
      code: 'OCCURRED_AT_IN_FUTURE',
      issues: [{ path: '/occurredAt' }],
    });
  });

  it('rejects non-objects', () => {
    for (const body of [null, undefined, 'text', 42, [validCall]]) {
      expect(decodeContactEvent(body, clock)).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
    }
  });

  it('rejects unknown fields instead of dropping them, with JSON pointer paths', () => {
    const result = decodeContactEvent(
      { ...validCall, priority: 'high', 'a/b~c': 1, payload: { ...validCall.payload, reasn: 'x' } },
      clock,
    );
    expect(result).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
    expect(result.ok || result.issues.map(({ path, code }) => [path, code]).sort()).toEqual([
      ['/a~1b~0c', 'unrecognized_key'],
      ['/payload/reasn', 'unrecognized_key'],
      ['/priority', 'unrecognized_key'],
    ]);
  });

  it('treats a "__proto__" key from JSON.parse as an unknown field', () => {
    const body: unknown = JSON.parse(
      JSON.stringify(validCall).replace('{', '{"__proto__":{"polluted":true},'),
    );
    expect(decodeContactEvent(body, clock)).toMatchObject({
      ok: false,
      issues: [{ path: '/__proto__', code: 'unrecognized_key' }],
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('names wrong types, negative amounts and oversized strings', () => {
    const result = decodeContactEvent(
      {
        ...validCall,
        type: 'purchase.completed',
        version: '1',
        source: 'x'.repeat(10_000),
        payload: { amount: -0.01, currency: 'eur', productId: 42 },
      },
      clock,
    );
    expect(result.ok || result.issues.map(({ path, code }) => [path, code]).sort()).toEqual([
      ['/payload/amount', 'too_small'],
      ['/payload/currency', 'invalid_value'],
      ['/payload/productId', 'invalid_type'],
      ['/source', 'too_big'],
      ['/version', 'invalid_value'],
    ]);
  });

  it('rejects implausibly old events with their own code', () => {
    for (const occurredAt of ['1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z']) {
      expect(decodeContactEvent({ ...validCall, occurredAt }, clock)).toMatchObject({
        ok: false,
        code: 'OCCURRED_AT_TOO_OLD',
        issues: [{ path: '/occurredAt', code: 'too_old' }],
      });
    }
    expect(decodeContactEvent({ ...validCall, occurredAt: '1990-01-01T00:00:00Z' }, clock).ok).toBe(
      true,
    );
  });

  it('lists a timestamp problem together with the other failing fields', () => {
    const result = decodeContactEvent(
      {
        ...validCall,
        occurredAt: '2025-01-02T00:00:00Z',
        payload: { ...validCall.payload, outcome: 'meh' },
      },
      clock,
    );
    expect(result).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
    expect(result.ok || result.issues.map(({ path, code }) => [path, code])).toEqual([
      ['/payload/outcome', 'invalid_value'],
      ['/occurredAt', 'in_future'],
    ]);
  });

  it('still names envelope fields when the type or version is unknown', () => {
    expect(
      decodeContactEvent({ ...validCall, type: 'teleport.done', customerId: 'a b' }, clock),
    ).toMatchObject({
      ok: false,
      code: 'UNKNOWN_EVENT_TYPE',
      issues: [{ path: '/type' }, { path: '/customerId' }],
    });
    expect(decodeContactEvent({ ...validCall, version: 3, eventId: 'a b' }, clock)).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED_VERSION',
      issues: [{ path: '/version' }, { path: '/eventId' }],
    });
  });

  it('caps the number of issues it reports', () => {
    const junk = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    const result = decodeContactEvent({ ...validCall, ...junk }, clock);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(100);
    expect(result.issues[0]).toEqual(expect.objectContaining({ path: '/k0' }));
    expect(result.issues[99]).toEqual({
      path: '/',
      code: 'too_many_issues',
      message: '401 more issues not listed',
    });
  });

  it('never throws and always explains a rejection, whatever the body', () => {
    const mutatedEvent = fc.record({
      field: fc.constantFrom(
        ...Object.keys(validCall),
        'payload.direction',
        'payload.durationSeconds',
      ),
      value: fc.oneof(fc.jsonValue(), fc.constant(undefined)),
    });
    const body = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      mutatedEvent.map(({ field, value }) => {
        const copy: Record<string, unknown> = structuredClone(validCall);
        const [head, tail] = field.split('.') as [string, string | undefined];
        if (tail) (copy[head] as Record<string, unknown>)[tail] = value;
        else copy[head] = value;
        return copy;
      }),
    );
    fc.assert(
      fc.property(body, (input) => {
        const result = decodeContactEvent(input, clock);
        if (!result.ok) {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(issue.path.startsWith('/')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every body that is not a valid event', () => {
    // Random JSON essentially never forms a valid event; the ones that are rejected carry issues.
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const result = decodeContactEvent(input, clock);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
