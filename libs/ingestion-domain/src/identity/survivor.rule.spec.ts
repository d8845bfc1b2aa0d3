import fc from 'fast-check';
import type { CustomerNode } from './customer-node';
import { chooseSurvivor } from './survivor.rule';

const at = (iso: string) => new Date(iso);

describe('chooseSurvivor', () => {
  it('prefers a source-system customer over a prospect, even a younger one', () => {
    const prospect: CustomerNode = {
      id: 'cus_a',
      status: 'prospect',
      createdAt: at('2024-01-01T00:00:00Z'),
    };
    const known: CustomerNode = {
      id: 'z-9',
      status: 'customer',
      createdAt: at('2025-01-01T00:00:00Z'),
    };
    expect(chooseSurvivor([prospect, known])).toBe(known);
  });

  it('then the oldest, then the smallest id', () => {
    const old: CustomerNode = {
      id: 'b',
      status: 'customer',
      createdAt: at('2024-01-01T00:00:00Z'),
    };
    const young: CustomerNode = {
      id: 'a',
      status: 'customer',
      createdAt: at('2025-01-01T00:00:00Z'),
    };
    expect(chooseSurvivor([young, old])).toBe(old);
    const twin: CustomerNode = { ...old, id: 'a' };
    expect(chooseSurvivor([old, twin])).toBe(twin);
  });

  it('does not depend on the order of the candidates', () => {
    const node = fc.record({
      id: fc.stringMatching(/^[a-z]{1,3}$/),
      status: fc.constantFrom('prospect' as const, 'customer' as const),
      createdAt: fc.integer({ min: 0, max: 5 }).map((d) => new Date(Date.UTC(2025, 0, 1 + d))),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(node, { minLength: 1, maxLength: 8, selector: (n) => n.id }),
        (nodes) => {
          const expected = chooseSurvivor(nodes).id;
          expect(chooseSurvivor([...nodes].reverse()).id).toBe(expected);
          expect(chooseSurvivor([...nodes].sort((a, b) => a.id.localeCompare(b.id))).id).toBe(
            expected,
          );
        },
      ),
    );
  });

  it('refuses an empty list', () => {
    expect(() => chooseSurvivor([])).toThrow(RangeError);
  });
});
