import type { InvalidInputError } from '@cip/contracts';
import { parseCondition, validateCondition } from './validate-condition';

const count = (window: object = { days: 30 }) => ({
  kind: 'aggregate',
  fn: 'count',
  event: 'complaint.filed',
  window,
});
const cmp = (left: unknown, right: unknown = 1) => ({ kind: 'compare', op: '>=', left, right });

function issueOf(input: unknown, options?: Parameters<typeof validateCondition>[1]) {
  const result = validateCondition(input, options);
  expect(result.ok).toBe(false);
  return result.ok ? undefined : result.issues[0];
}

function nestNot(depth: number): unknown {
  let node: unknown = cmp({ kind: 'profile', attribute: 'tier' }, 'gold');
  for (let i = 1; i < depth; i++) node = { kind: 'not', rule: node };
  return node;
}

describe('validateCondition', () => {
  it('accepts every node kind', () => {
    const everything = {
      kind: 'and',
      rules: [
        cmp({ ...count(), where: { category: ['network', 'billing'], severity: 'high' } }),
        {
          kind: 'or',
          rules: [
            { kind: 'not', rule: { kind: 'inSegment', segmentId: 'vip' } },
            { kind: 'in', value: { kind: 'profile', attribute: 'plan/type' }, set: ['a', 'b'] },
            {
              kind: 'between',
              value: { kind: 'daysSince', event: 'purchase.completed' },
              min: 30,
              max: { kind: 'latest', event: 'survey.answered', field: 'score' },
            },
          ],
        },
        cmp({
          kind: 'ratio',
          numerator: {
            kind: 'aggregate',
            fn: 'sum',
            event: 'purchase.completed',
            field: 'amount',
            window: { months: 3 },
          },
          denominator: {
            kind: 'aggregate',
            fn: 'avg',
            event: 'purchase.completed',
            field: 'amount',
            window: { months: 3, skipMonths: 3 },
          },
        }),
        cmp({
          kind: 'quantile',
          table: 'rfm-monetary',
          value: { kind: 'aggregate', fn: 'max', event: 'purchase.completed', field: 'amount' },
        }),
      ],
    };
    const result = validateCondition(everything);
    expect(result).toEqual({ ok: true, condition: everything });
  });

  it('accepts the seeded first-form rule and translates it', () => {
    expect(
      validateCondition({
        kind: 'gte',
        left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
        right: 2,
      }),
    ).toEqual({
      ok: true,
      condition: {
        kind: 'compare',
        op: '>=',
        left: { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 30 } },
        right: 2,
      },
    });
    expect(
      validateCondition({
        kind: 'not',
        rule: { kind: 'eq', left: { kind: 'count', eventType: 'call.completed' }, right: 0 },
      }),
    ).toMatchObject({ ok: true, condition: { kind: 'not', rule: { kind: 'compare', op: '=' } } });
  });

  it('reports first-form mistakes with the first form’s paths', () => {
    expect(
      issueOf({ kind: 'gte', left: { kind: 'count', eventType: 'nope' }, right: 1 })?.path,
    ).toBe('/left/eventType');
  });

  it.each([
    [
      'an unknown kind',
      { kind: 'or', rules: [{ kind: 'script', src: 'x' }] },
      '/rules/0/kind',
      'unknown_kind',
    ],
    ['an unknown event type', cmp({ ...count(), event: 'rm -rf' }), '/left/event', 'invalid_value'],
    [
      'an unknown filter field',
      cmp({ ...count(), where: { colour: 'red' } }),
      '/left/where/colour',
      'unknown_field',
    ],
    [
      'count of a non-numeric field',
      cmp({ ...count(), field: 'severity' }),
      '/left/field',
      'not_numeric',
    ],
    ['sum without a field', cmp({ ...count(), fn: 'sum' }), '/left/field', 'missing_field'],
    [
      'a non-numeric measure',
      cmp({ ...count(), fn: 'sum', field: 'category' }),
      '/left/field',
      'not_numeric',
    ],
    [
      'latest of a missing field',
      cmp({ kind: 'latest', event: 'survey.answered', field: 'nope' }),
      '/left/field',
      'not_numeric',
    ],
    [
      'min over months',
      cmp({
        kind: 'aggregate',
        fn: 'min',
        event: 'purchase.completed',
        field: 'amount',
        window: { months: 1 },
      }),
      '/left/fn',
      'unsupported_window',
    ],
    ['a zero-day window', cmp(count({ days: 0 })), '/left/window/days', 'too_small'],
    ['a window over ten years', cmp(count({ days: 3651 })), '/left/window/days', 'too_big'],
    ['a fractional window', cmp(count({ days: 1.5 })), '/left/window/days', 'invalid_type'],
    [
      'months reaching past two years',
      cmp(count({ months: 20, skipMonths: 5 })),
      '/left/window',
      'custom',
    ],
    [
      'an unknown key (no smuggled fields)',
      { ...cmp(count()), expression: '1+1' },
      '/',
      'unrecognized_keys',
    ],
    ['an unknown comparison operator', { ...cmp(count()), op: '=~' }, '/op', 'invalid_value'],
    ['an empty and', { kind: 'and', rules: [] }, '/rules', 'too_small'],
    ['a bad segment id', { kind: 'inSegment', segmentId: '../x' }, '/segmentId', 'invalid_format'],
    ['an object as literal', cmp(count(), { $gt: 1 }), '/right', 'invalid_type'],
  ])('points at %s', (_name, input, path, code) => {
    expect(issueOf(input)).toMatchObject({ path, code });
  });

  it('checks quantile tables against the known ones when given', () => {
    const input = cmp({ kind: 'quantile', table: 'rfm-x', value: 1 }, 5);
    expect(validateCondition(input).ok).toBe(true);
    expect(issueOf(input, { quantileTables: new Set(['rfm-monetary']) })).toMatchObject({
      path: '/left/table',
      code: 'unknown_table',
    });
  });

  it('allows depth 16 and rejects depth 17 at the offending node', () => {
    // nestNot(n) has n-1 `not` levels + the comparison + its profile expression.
    expect(validateCondition(nestNot(15)).ok).toBe(true);
    expect(issueOf(nestNot(16))).toEqual({
      path: '/rule'.repeat(15) + '/left',
      code: 'too_deep',
      message: 'rule nesting exceeds 16 levels',
    });
  });

  it('rejects more than 200 nodes', () => {
    const wide = {
      kind: 'and',
      rules: Array.from({ length: 45 }, () => ({
        kind: 'and',
        rules: [cmp(count()), cmp(count())],
      })),
    };
    expect(issueOf(wide)).toMatchObject({ code: 'too_many_nodes' });
  });

  it('rejects non-objects', () => {
    expect(validateCondition(null).ok).toBe(false);
    expect(validateCondition('compare').ok).toBe(false);
    expect(validateCondition([cmp(count())]).ok).toBe(false);
  });

  it('parseCondition throws InvalidInputError with code INVALID_CONDITION and the path', () => {
    expect(() => parseCondition({ kind: 'nope' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONDITION',
        message: 'invalid condition at /kind: unknown rule kind "nope"',
      }) as InvalidInputError,
    );
  });
});
