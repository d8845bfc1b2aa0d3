import { ANONYMOUS } from '@cip/service-kit';
import { actorOf, etagOf, expectedVersionOf } from './http-preconditions';

describe('HTTP preconditions of the customer file', () => {
  it('round-trips a version through its ETag', () => {
    expect(expectedVersionOf(etagOf(7))).toBe(7);
    expect(expectedVersionOf(etagOf(0))).toBe(0);
  });

  it('reads If-Match: absent, any, lists, and validators that can never match', () => {
    expect(expectedVersionOf(undefined)).toBeUndefined();
    expect(expectedVersionOf(' ')).toBeUndefined();
    expect(expectedVersionOf('*')).toBe('any');
    expect(expectedVersionOf('"x", *')).toBe('any');
    expect(expectedVersionOf('"3", "x"')).toBe(3);
    // Weak validators never match for If-Match (RFC 9110), nor do unquoted or ambiguous ones.
    for (const header of ['W/"3"', '3', '"3", "4"', '"abc"'])
      expect(expectedVersionOf(header)).toBe(-1);
  });

  it('without a key takes the actor from x-actor, anonymous by default, refusing odd values', () => {
    expect(actorOf(ANONYMOUS, undefined)).toBe('anonymous');
    expect(actorOf(ANONYMOUS, '  ')).toBe('anonymous');
    expect(actorOf(ANONYMOUS, ' agent-7@call-center ')).toBe('agent-7@call-center');
    expect(() => actorOf(ANONYMOUS, 'a\u0000b')).toThrow(
      expect.objectContaining({ code: 'INVALID_ACTOR' }),
    );
    expect(() => actorOf(ANONYMOUS, 'x'.repeat(129))).toThrow(
      expect.objectContaining({ code: 'INVALID_ACTOR' }),
    );
  });

  it('with a key names the calling system first, refined by x-actor', () => {
    const callCenter = { keyId: 'k1', sourceSystem: 'call-center', scopes: ['customers:write'] };
    expect(actorOf(callCenter, undefined)).toBe('call-center');
    expect(actorOf(callCenter, 'agent-7')).toBe('call-center/agent-7');
  });
});
