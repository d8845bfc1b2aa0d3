import { DAY_MS } from '../features/calendar';
import type { FeatureReader } from '../features/feature-reader';
import type { ReasonValue } from '../rules/evaluate-rule';
import { operandLabel } from './condition-labels';
import type {
  ComparisonOp,
  Condition,
  Expression,
  Operand,
  Scalar,
} from './segment-condition.schema';

export interface EvaluationContext {
  /** Evaluation time (epoch ms). */
  nowMs: number;
  reader: FeatureReader;
  /** Named population tables of ascending cut points (e.g. RFM quintile cuts). */
  quantiles?: Readonly<Record<string, readonly number[]>>;
  /** Current membership of other segments. */
  isMember?: (segmentId: string) => boolean;
}

export interface ConditionOutcome {
  matched: boolean;
  /** Human explanation, e.g. `count(complaint.filed,30d) = 2 ≥ 2`. */
  summary: string;
  /** The values that decided the outcome, by expression label. */
  values: Record<string, ReasonValue>;
}

const HOLDS: Record<ComparisonOp, string> = {
  '=': '=',
  '!=': '≠',
  '<': '<',
  '<=': '≤',
  '>': '>',
  '>=': '≥',
};
const FAILS: Record<ComparisonOp, string> = {
  '=': '≠',
  '!=': '=',
  '<': '≥',
  '<=': '>',
  '>': '≤',
  '>=': '<',
};
const MAX_SUMMARY = 500;

/**
 * Interprets a validated condition (never eval). Only the values that decided the outcome are
 * reported: for a true `and` all children, for a false one the false children (and the
 * converse for `or`), so a membership event says why without listing every probe.
 */
export function evaluateCondition(
  condition: Condition,
  context: EvaluationContext,
): ConditionOutcome {
  const outcome = evaluateNode(condition, context);
  const summary =
    outcome.summary.length <= MAX_SUMMARY
      ? outcome.summary
      : `${outcome.summary.slice(0, MAX_SUMMARY - 1)}…`;
  return { ...outcome, summary };
}

function evaluateNode(node: Condition, context: EvaluationContext): ConditionOutcome {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.rules.map((child) => evaluateNode(child, context));
      const matched =
        node.kind === 'and' ? parts.every((p) => p.matched) : parts.some((p) => p.matched);
      // The children that agree with the outcome decided it (all of them for a true `and`).
      const decisive = parts.filter((p) => p.matched === matched);
      return {
        matched,
        summary: decisive
          .map((p) => (decisive.length > 1 ? `(${p.summary})` : p.summary))
          .join(` ${node.kind} `),
        values: Object.assign({}, ...decisive.map((p) => p.values)) as ConditionOutcome['values'],
      };
    }
    case 'not': {
      const inner = evaluateNode(node.rule, context);
      return { matched: !inner.matched, summary: `not (${inner.summary})`, values: inner.values };
    }
    case 'compare': {
      const left = evaluateOperand(node.left, context);
      const right = evaluateOperand(node.right, context);
      const matched = compare(node.op, left.value, right.value);
      // A failed comparison of two values states the relation that holds instead; one with a
      // missing value (or ordering non-numbers) is simply negated.
      const comparable =
        left.value !== null &&
        right.value !== null &&
        (node.op === '=' ||
          node.op === '!=' ||
          (typeof left.value === 'number' && typeof right.value === 'number'));
      const relation = `${left.text} ${(matched ? HOLDS : FAILS)[node.op]} ${right.text}`;
      return {
        matched,
        summary:
          matched || comparable ? relation : `not (${left.text} ${HOLDS[node.op]} ${right.text})`,
        values: { ...left.values, ...right.values },
      };
    }
    case 'in': {
      const value = evaluateOperand(node.value, context);
      const matched = value.value !== null && node.set.includes(value.value);
      const set = `[${node.set.map(formatValue).join(', ')}]`;
      return {
        matched,
        summary: `${value.text} ${matched ? 'in' : 'not in'} ${set}`,
        values: value.values,
      };
    }
    case 'between': {
      const value = evaluateOperand(node.value, context);
      const min = evaluateOperand(node.min, context);
      const max = evaluateOperand(node.max, context);
      const matched =
        typeof value.value === 'number' &&
        typeof min.value === 'number' &&
        typeof max.value === 'number' &&
        min.value <= value.value &&
        value.value <= max.value;
      return {
        matched,
        summary: `${value.text} ${matched ? 'in' : 'not in'} [${min.text}, ${max.text}]`,
        values: { ...value.values, ...min.values, ...max.values },
      };
    }
    case 'inSegment': {
      const matched = context.isMember?.(node.segmentId) ?? false;
      return {
        matched,
        summary: `${matched ? 'member of' : 'not a member of'} ${node.segmentId}`,
        values: { [`segment(${node.segmentId})`]: matched },
      };
    }
  }
}

interface OperandValue {
  value: Scalar | null;
  text: string;
  values: Record<string, ReasonValue>;
}

/** Evaluates an operand on its own (also used by `nextTimeChange`). */
export function evaluateOperand(operand: Operand, context: EvaluationContext): OperandValue {
  if (typeof operand !== 'object')
    return { value: operand, text: formatValue(operand), values: {} };
  const { value, inner } = evaluateExpression(operand, context);
  const label = operandLabel(operand);
  return {
    value,
    text: `${label} = ${formatValue(value)}`,
    values: { ...inner, [label]: value },
  };
}

function evaluateExpression(
  expression: Expression,
  context: EvaluationContext,
): { value: Scalar | null; inner: Record<string, ReasonValue> } {
  const { reader, nowMs } = context;
  switch (expression.kind) {
    case 'aggregate':
      return {
        value: reader.aggregate(expression, expression.fn, expression.window, nowMs),
        inner: {},
      };
    case 'latest':
      return { value: reader.latest(expression), inner: {} };
    case 'daysSince':
      return { value: daysSince(reader.lastSeenMs(expression), nowMs), inner: {} };
    case 'profile':
      return { value: reader.profile(expression.attribute), inner: {} };
    case 'ratio': {
      const numerator = evaluateOperand(expression.numerator, context);
      const denominator = evaluateOperand(expression.denominator, context);
      const value =
        typeof numerator.value === 'number' &&
        typeof denominator.value === 'number' &&
        denominator.value !== 0
          ? numerator.value / denominator.value
          : null;
      return { value, inner: { ...numerator.values, ...denominator.values } };
    }
    case 'quantile': {
      const inner = evaluateOperand(expression.value, context);
      const cuts = context.quantiles?.[expression.table];
      const value =
        cuts && typeof inner.value === 'number'
          ? 1 + cuts.filter((cut) => cut <= (inner.value as number)).length
          : null;
      return { value, inner: inner.values };
    }
  }
}

/** Whole days elapsed since `lastMs` (0 for an event later today or dated ahead); null if never. */
export function daysSince(lastMs: number | null, nowMs: number): number | null {
  return lastMs === null ? null : Math.max(0, Math.floor((nowMs - lastMs) / DAY_MS));
}

/** A missing value (null) satisfies no comparison; ordering needs two numbers. */
function compare(op: ComparisonOp, left: Scalar | null, right: Scalar | null): boolean {
  if (left === null || right === null) return false;
  if (op === '=') return left === right;
  if (op === '!=') return left !== right;
  if (typeof left !== 'number' || typeof right !== 'number') return false;
  switch (op) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

function formatValue(value: Scalar | null): string {
  if (typeof value === 'number' && !Number.isInteger(value))
    return String(Math.round(value * 10_000) / 10_000);
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
