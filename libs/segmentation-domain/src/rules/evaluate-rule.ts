import type { ComparisonKind, NumericOperand, RuleNode } from './rule.types';

/** What the interpreter may ask about a customer; the state model implements it. */
export interface RuleContext {
  /** Number of events of the type in the window (all time when `windowDays` is undefined). */
  count(eventType: string, windowDays: number | undefined): number;
}

export type ReasonValue = number | string | boolean | null;

export interface RuleOutcome {
  matched: boolean;
  /** Human explanation, e.g. "complaint.filed count over 30 days = 2 ≥ 2". */
  summary: string;
  /** The aggregate values that decided it, keyed by a stable label of the expression. */
  values: Record<string, ReasonValue>;
}

const HOLDS: Record<ComparisonKind, string> = { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' };
// When a comparison fails, the summary states the relation that does hold instead.
const FAILS: Record<ComparisonKind, string> = { gte: '<', gt: '≤', lte: '>', lt: '≥', eq: '≠' };
const MAX_SUMMARY = 500;

/** Interprets a validated rule. Evaluates every branch (no short circuit) so reasons are complete. */
export function evaluateRule(rule: RuleNode, context: RuleContext): RuleOutcome {
  const values: Record<string, ReasonValue> = {};
  const { matched, summary } = evaluateNode(rule, context, values);
  return { matched, summary: truncate(summary), values };
}

function evaluateNode(
  rule: RuleNode,
  context: RuleContext,
  values: Record<string, ReasonValue>,
): { matched: boolean; summary: string } {
  switch (rule.kind) {
    case 'and':
    case 'or': {
      const parts = rule.rules.map((child) => evaluateNode(child, context, values));
      const matched =
        rule.kind === 'and' ? parts.every((p) => p.matched) : parts.some((p) => p.matched);
      const joined = parts
        .map((p) => (parts.length > 1 ? `(${p.summary})` : p.summary))
        .join(` ${rule.kind} `);
      return { matched, summary: joined };
    }
    case 'not': {
      const inner = evaluateNode(rule.rule, context, values);
      return { matched: !inner.matched, summary: `not (${inner.summary})` };
    }
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt':
    case 'eq': {
      const left = evaluateOperand(rule.left, context, values);
      const right = evaluateOperand(rule.right, context, values);
      const matched = compare(rule.kind, left.value, right.value);
      const symbol = matched ? HOLDS[rule.kind] : FAILS[rule.kind];
      return { matched, summary: `${left.text} ${symbol} ${right.text}` };
    }
    default:
      return assertNever(rule);
  }
}

function compare(kind: ComparisonKind, left: number, right: number): boolean {
  switch (kind) {
    case 'gte':
      return left >= right;
    case 'gt':
      return left > right;
    case 'lte':
      return left <= right;
    case 'lt':
      return left < right;
    case 'eq':
      return left === right;
    default:
      return assertNever(kind);
  }
}

function evaluateOperand(
  operand: NumericOperand,
  context: RuleContext,
  values: Record<string, ReasonValue>,
): { value: number; text: string } {
  if (typeof operand === 'number') return { value: operand, text: String(operand) };
  switch (operand.kind) {
    case 'const':
      return { value: operand.value, text: String(operand.value) };
    case 'count': {
      const value = context.count(operand.eventType, operand.windowDays);
      values[countLabel(operand.eventType, operand.windowDays)] = value;
      const over =
        operand.windowDays === undefined ? 'all time' : `over ${operand.windowDays} days`;
      return { value, text: `${operand.eventType} count ${over} = ${value}` };
    }
    default:
      return assertNever(operand);
  }
}

/** Stable key for `reason.values`, e.g. `count(complaint.filed,30d)`. */
export function countLabel(eventType: string, windowDays: number | undefined): string {
  return `count(${eventType},${windowDays === undefined ? 'all' : `${windowDays}d`})`;
}

function truncate(text: string): string {
  return text.length <= MAX_SUMMARY ? text : `${text.slice(0, MAX_SUMMARY - 1)}…`;
}

function assertNever(value: never): never {
  throw new Error(`unhandled rule node: ${JSON.stringify(value)}`);
}
