import { evaluateRule, type RuleContext } from './evaluate-rule';
import type { RuleNode } from './rule.types';

const counts = (values: Record<string, number>): RuleContext => ({
  count: (type, days) => values[`${type}/${days ?? 'all'}`] ?? 0,
});

const SEED: RuleNode = {
  kind: 'gte',
  left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
  right: 2,
};

describe('evaluateRule', () => {
  it('explains a match with the deciding values', () => {
    expect(evaluateRule(SEED, counts({ 'complaint.filed/30': 2 }))).toEqual({
      matched: true,
      summary: 'complaint.filed count over 30 days = 2 ≥ 2',
      values: { 'count(complaint.filed,30d)': 2 },
    });
  });

  it('explains a miss with the relation that holds', () => {
    expect(evaluateRule(SEED, counts({ 'complaint.filed/30': 1 })).summary).toBe(
      'complaint.filed count over 30 days = 1 < 2',
    );
  });

  it.each([
    ['gt', 3, 2, true],
    ['gt', 2, 2, false],
    ['lte', 2, 2, true],
    ['lt', 2, 2, false],
    ['eq', 2, 2, true],
    ['eq', 1, 2, false],
  ] as const)('%s %d %d → %s', (kind, left, right, expected) => {
    expect(evaluateRule({ kind, left, right }, counts({})).matched).toBe(expected);
  });

  it('combines with and/or/not and collects every value', () => {
    const rule: RuleNode = {
      kind: 'or',
      rules: [
        SEED,
        {
          kind: 'and',
          rules: [
            {
              kind: 'gte',
              left: { kind: 'count', eventType: 'service.incident', windowDays: 7 },
              right: 1,
            },
            {
              kind: 'not',
              rule: {
                kind: 'gt',
                left: { kind: 'count', eventType: 'purchase.completed' },
                right: { kind: 'const', value: 0 },
              },
            },
          ],
        },
      ],
    };
    const outcome = evaluateRule(
      rule,
      counts({ 'complaint.filed/30': 1, 'service.incident/7': 1 }),
    );
    expect(outcome.matched).toBe(true);
    expect(outcome.values).toEqual({
      'count(complaint.filed,30d)': 1,
      'count(service.incident,7d)': 1,
      'count(purchase.completed,all)': 0,
    });
    expect(outcome.summary).toContain(' or ');
    expect(outcome.summary).toContain('not (purchase.completed count all time = 0 ≤ 0)');
  });
});
