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
