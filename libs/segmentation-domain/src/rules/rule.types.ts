/**
 * The segment rule language: a closed JSON syntax tree, discriminated on `kind`, evaluated by our
 * own interpreter (never eval). New node kinds are added as new union members; the validator and
 * the interpreter's exhaustive switches then point at every place that must learn about them.
 */

/** Windowed aggregate over the customer's contact events. No `windowDays` = all time. */
export interface CountExpr {
  kind: 'count';
  eventType: string;
  windowDays?: number | undefined;
}

export interface ConstExpr {
  kind: 'const';
  value: number;
}

export type NumericExpr = ConstExpr | CountExpr;

/** A bare number is shorthand for `{ kind: 'const', value }` (keeps hand-written rules short). */
export type NumericOperand = number | NumericExpr;

export const COMPARISON_KINDS = ['gte', 'gt', 'lte', 'lt', 'eq'] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

export interface ComparisonRule {
  kind: ComparisonKind;
  left: NumericOperand;
  right: NumericOperand;
}

export interface AndRule {
  kind: 'and';
  rules: RuleNode[];
}

export interface OrRule {
  kind: 'or';
  rules: RuleNode[];
}

export interface NotRule {
  kind: 'not';
  rule: RuleNode;
}

export type RuleNode = AndRule | OrRule | NotRule | ComparisonRule;
