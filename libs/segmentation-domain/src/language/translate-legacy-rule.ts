import type { ContactEventType } from '@cip/contracts';
import type { NumericOperand, RuleNode } from '../rules/rule.types';
import type { ComparisonOp, Condition, Operand } from './segment-condition.schema';

const OPS: Record<'gte' | 'gt' | 'lte' | 'lt' | 'eq', ComparisonOp> = {
  gte: '>=',
  gt: '>',
  lte: '<=',
  lt: '<',
  eq: '=',
};

/**
 * The first rule form (`{kind:'gte', left:{kind:'count', eventType, windowDays}, right: 2}`, as
 * seeded for `repeated-complainers`) in the segment language. Stored definitions keep their JSON;
 * they are translated when read. One difference: windows become UTC-day aligned (the first form
 * counted a rolling 24h·N), which is what makes them incremental with day buckets.
 */
export function translateLegacyRule(rule: RuleNode): Condition {
  switch (rule.kind) {
    case 'and':
    case 'or':
      return { kind: rule.kind, rules: rule.rules.map(translateLegacyRule) };
    case 'not':
      return { kind: 'not', rule: translateLegacyRule(rule.rule) };
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt':
    case 'eq':
      return {
        kind: 'compare',
        op: OPS[rule.kind],
        left: translateOperand(rule.left),
        right: translateOperand(rule.right),
      };
  }
}

function translateOperand(operand: NumericOperand): Operand {
  if (typeof operand === 'number') return operand;
  switch (operand.kind) {
    case 'const':
      return operand.value;
    case 'count':
      return {
        kind: 'aggregate',
        fn: 'count',
        // The legacy schema already restricted eventType to the contract's types.
        event: operand.eventType as ContactEventType,
        ...(operand.windowDays === undefined ? {} : { window: { days: operand.windowDays } }),
      };
  }
}
