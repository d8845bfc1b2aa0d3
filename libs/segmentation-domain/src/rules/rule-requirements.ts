import type { NumericOperand, RuleNode } from './rule.types';

/**
 * What a rule needs kept in state: per event type, the longest window (days) it counts over.
 * All-time counts need no timestamps (running totals serve them), so they add nothing here.
 */
export type WindowRequirements = Map<string, number>;

export function collectWindowRequirements(
  rule: RuleNode,
  into: WindowRequirements = new Map(),
): WindowRequirements {
  switch (rule.kind) {
    case 'and':
    case 'or':
      for (const child of rule.rules) collectWindowRequirements(child, into);
      return into;
    case 'not':
      return collectWindowRequirements(rule.rule, into);
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt':
    case 'eq':
      collectOperand(rule.left, into);
      collectOperand(rule.right, into);
      return into;
  }
}

function collectOperand(operand: NumericOperand, into: WindowRequirements): void {
  if (typeof operand === 'number' || operand.kind !== 'count' || operand.windowDays === undefined)
    return;
  into.set(operand.eventType, Math.max(into.get(operand.eventType) ?? 0, operand.windowDays));
}
