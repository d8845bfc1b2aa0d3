import { InvalidInputError } from '@cip/contracts';
import { parseRule, validateRule } from './validate-rule';

const SEED = {
  kind: 'gte',
  left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
  right: 2,
};

function nestNot(depth: number): unknown {
  let node: unknown = SEED;
  for (let i = 1; i < depth; i++) node = { kind: 'not', rule: node };
  return node;
}

describe('validateRule', () => {
  it('accepts the seeded repeated-complainers rule', () => {
    expect(validateRule(SEED)).toEqual({ ok: true, rule: SEED });
  });

  it('accepts and/or/not with const expressions', () => {
    const rule = {
      kind: 'and',
      rules: [
        SEED,
        {
          kind: 'not',
          rule: {
            kind: 'eq',
            left: { kind: 'count', eventType: 'purchase.completed' },
            right: { kind: 'const', value: 0 },
          },
        },
        { kind: 'or', rules: [{ kind: 'lt', left: 1, right: 2 }] },
      ],
    };
    expect(validateRule(rule).ok).toBe(true);
  });

  it('points at the unknown event type', () => {
    const result = validateRule({
      kind: 'and',
      rules: [SEED, { ...SEED, left: { kind: 'count', eventType: 'rm -rf' } }],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.path).toBe('/rules/1/left/eventType');
  });

  it('points at an unknown kind', () => {
    const result = validateRule({ kind: 'or', rules: [{ kind: 'script', source: 'x' }] });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: '/rules/0/kind', code: 'unknown_kind' }],
    });
  });

  it('rejects unknown keys (no smuggled fields)', () => {
    const result = validateRule({ ...SEED, expression: '1+1' });
    expect(result.ok).toBe(false);
  });

  it('rejects non-integer or excessive windows', () => {
    expect(
      validateRule({
        ...SEED,
        left: { kind: 'count', eventType: 'complaint.filed', windowDays: 0.5 },
      }).ok,
    ).toBe(false);
    expect(
      validateRule({
        ...SEED,
        left: { kind: 'count', eventType: 'complaint.filed', windowDays: 99999 },
      }).ok,
    ).toBe(false);
  });

  it('allows depth 16 and rejects depth 17 at the offending node', () => {
    // nestNot(n) has n-1 `not` levels + the comparison + its count expression.
    expect(validateRule(nestNot(15)).ok).toBe(true);
    const result = validateRule(nestNot(16));
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'too_deep' }] });
    if (!result.ok) expect(result.issues[0]?.path).toBe('/rule'.repeat(15) + '/left');
  });

  it('rejects more than 200 nodes', () => {
    const wide = {
      kind: 'and',
      rules: Array.from({ length: 45 }, () => ({ kind: 'and', rules: [SEED, SEED] })),
    };
    expect(validateRule(wide)).toMatchObject({ ok: false, issues: [{ code: 'too_many_nodes' }] });
  });

  it('rejects non-objects and empty combinators', () => {
    expect(validateRule(null).ok).toBe(false);
    expect(validateRule('gte').ok).toBe(false);
    expect(validateRule({ kind: 'and', rules: [] }).ok).toBe(false);
  });

  it('parseRule throws InvalidInputError with code INVALID_RULE', () => {
    expect(() => parseRule({ kind: 'nope' })).toThrow(InvalidInputError);
    try {
      parseRule({ kind: 'nope' });
    } catch (error) {
      expect((error as InvalidInputError).code).toBe('INVALID_RULE');
    }
  });
});
