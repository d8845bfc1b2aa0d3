import fc from 'fast-check';
import { customerKey, serviceKey } from './keys';

// Redis Cluster hashes only the part between the first `{` and the next `}` when non-empty.
function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

const customerId = fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);
const part = fc.stringMatching(/^[a-z0-9:_-]{1,20}$/);

describe('customerKey', () => {
  it('builds prefix + hash-tagged customer + suffix', () => {
    expect(customerKey('cip:', '42', 'agg')).toBe('cip:cust:{42}:agg');
  });

  it("puts every key of a customer in the customer's slot, whatever the prefix", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9:_-]{0,20}$/),
        customerId,
        part,
        part,
        (prefix, id, a, b) => {
          expect(hashTagOf(customerKey(prefix, id, a))).toBe(id);
          expect(hashTagOf(customerKey(prefix, id, b))).toBe(hashTagOf(customerKey(prefix, id, a)));
        },
      ),
    );
  });

  it.each([
    ['', 'agg'],
    ['a{b', 'agg'],
    ['a}b', 'agg'],
    ['42', ''],
    ['42', 'x{y}'],
  ])('refuses customer %j / suffix %j', (id, suffix) => {
    expect(() => customerKey('cip:', id, suffix)).toThrow(
      expect.objectContaining({ code: 'INVALID_KEY' }),
    );
  });
});

describe('serviceKey', () => {
  it('joins parts under the prefix', () => {
    expect(serviceKey('cip:', 'segments', 'active')).toBe('cip:segments:active');
  });
  it('needs at least one brace-free part', () => {
    expect(() => serviceKey('cip:')).toThrow();
    expect(() => serviceKey('cip:', '{x}')).toThrow();
  });
});
