import type { CustomerFeatures } from '../features/customer-features';
import type { TimedFeatureReader } from '../features/feature-reader';
import { featuresReader } from '../features/features-reader';
import { DAY_MS } from '../features/calendar';
import {
  daysSince,
  evaluateCondition,
  evaluateOperand,
  type EvaluationContext,
} from './evaluate-condition';
import type { Condition, DaysSinceExpr, Operand } from './segment-condition.schema';

export type TimeContext = Omit<EvaluationContext, 'nowMs' | 'reader'>;

/** Candidate instants checked before answering with the last one (the timer then re-asks). */
const MAX_REFINEMENTS = 32;

/**
 * The next instant after `nowMs` at which `condition`'s result could change with no new event
 * (a window sliding past a bucket, a bucket dated ahead entering, a recency threshold reached),
 * or null if time alone never changes it. Never later than the real change, so one timer per
 * customer armed at the minimum over its definitions (`nextTimeChangeOfSet`) misses nothing;
 * it may be earlier when a change is masked, and then the timer simply re-arms.
 *
 * Segment references and quantile tables count as constant here: a referenced segment has its
 * own instant in the same set, and tables change by recomputation, which re-evaluates anyway.
 */
export function nextTimeChange(
  features: CustomerFeatures,
  condition: Condition,
  nowMs: number,
  extra: TimeContext = {},
): number | null {
  return firstChange(featuresReader(features), condition, nowMs, extra, Infinity);
}

/** The minimum over a customer's definitions: the one instant to arm a timer at. */
export function nextTimeChangeOfSet(
  features: CustomerFeatures,
  conditions: readonly Condition[],
  nowMs: number,
  extra: TimeContext = {},
): number | null {
  const reader = featuresReader(features);
  let earliest = Infinity;
  for (const condition of conditions) {
    // Searching past the earliest instant found so far cannot lower the minimum.
    earliest = firstChange(reader, condition, nowMs, extra, earliest) ?? earliest;
  }
  return earliest === Infinity ? null : earliest;
}

/** The instant `nextTimeChange` describes, or null if there is none before `bound`. */
function firstChange(
  reader: TimedFeatureReader,
  condition: Condition,
  nowMs: number,
  extra: TimeContext,
  bound: number,
): number | null {
  const at = (t: number): EvaluationContext => ({ ...extra, reader, nowMs: t });
  const initial = evaluateCondition(condition, at(nowMs)).matched;
  let t = nowMs;
  for (let i = 0; i < MAX_REFINEMENTS; i++) {
    const next = conditionBreak(condition, at(t), reader);
    if (next === null || next >= bound) return null;
    if (evaluateCondition(condition, at(next)).matched !== initial) return next;
    t = next;
  }
  return t;
}

/** Earliest instant after `context.nowMs` at which this node's truth may change. */
function conditionBreak(
  node: Condition,
  context: EvaluationContext,
  reader: TimedFeatureReader,
): number | null {
  switch (node.kind) {
    case 'and':
    case 'or': {
      // Only children agreeing with the result can change it: a false `and` turns true only when
      // a false child does, a true `or` turns false only when a true child does.
      const results = node.rules.map((child) => evaluateCondition(child, context).matched);
      const matched = node.kind === 'and' ? results.every(Boolean) : results.some(Boolean);
      return earliest(
        node.rules
          .filter((_, i) => results[i] === matched)
          .map((child) => conditionBreak(child, context, reader)),
      );
    }
    case 'not':
      return conditionBreak(node.rule, context, reader);
    case 'inSegment':
      return null;
    case 'compare':
      return comparisonBreak(node, [node.left, node.right], context, reader);
    case 'in':
      return comparisonBreak(node, [node.value], context, reader);
    case 'between':
      return comparisonBreak(node, [node.value, node.min, node.max], context, reader);
  }
}

/**
 * A comparison of one recency against constants flips at a computable whole number of days
 * (checked at each threshold crossing), instead of stepping day by day; anything else changes
 * at most when one of its operands does.
 */
function comparisonBreak(
  node: Condition,
  operands: readonly Operand[],
  context: EvaluationContext,
  reader: TimedFeatureReader,
): number | null {
  const varying = operands.filter((operand) => !isTimeInvariant(operand));
  const recency = varying[0];
  if (varying.length === 1 && typeof recency === 'object' && recency.kind === 'daysSince') {
    return recencyFlip(node, recency, operands, context, reader);
  }
  return earliest(varying.map((operand) => operandBreak(operand, context, reader)));
}

function recencyFlip(
  node: Condition,
  recency: DaysSinceExpr,
  operands: readonly Operand[],
  context: EvaluationContext,
  reader: TimedFeatureReader,
): number | null {
  const lastMs = reader.lastSeenMs(recency);
  if (lastMs === null) return null; // "never" stays never until an event arrives
  const today = daysSince(lastMs, context.nowMs) ?? 0;
  const thresholds = operands
    .filter((operand) => operand !== recency)
    .map((operand) => evaluateOperand(operand, context).value);
  if (node.kind === 'in') thresholds.push(...node.set);
  // Truth over whole days changes only where a threshold is crossed: at ceil(c) or floor(c)+1.
  const candidates = new Set<number>();
  for (const c of thresholds) {
    if (typeof c !== 'number') continue;
    candidates.add(Math.ceil(c));
    candidates.add(Math.floor(c) + 1);
  }
  const initial = evaluateCondition(node, context).matched;
  for (const days of [...candidates].filter((d) => d > today).sort((a, b) => a - b)) {
    const t = lastMs + days * DAY_MS;
    if (evaluateCondition(node, { ...context, nowMs: t }).matched !== initial) return t;
  }
  return null;
}

function operandBreak(
  operand: Operand,
  context: EvaluationContext,
  reader: TimedFeatureReader,
): number | null {
  if (typeof operand !== 'object') return null;
  switch (operand.kind) {
    case 'aggregate':
      return operand.window
        ? reader.nextWindowChangeMs(operand, operand.window, context.nowMs)
        : null;
    case 'latest':
    case 'profile':
      return null;
    case 'daysSince': {
      const lastMs = reader.lastSeenMs(operand);
      if (lastMs === null) return null;
      return lastMs + ((daysSince(lastMs, context.nowMs) ?? 0) + 1) * DAY_MS;
    }
    case 'ratio':
      return earliest([
        operandBreak(operand.numerator, context, reader),
        operandBreak(operand.denominator, context, reader),
      ]);
    case 'quantile':
      return operandBreak(operand.value, context, reader);
  }
}

function isTimeInvariant(operand: Operand): boolean {
  if (typeof operand !== 'object') return true;
  switch (operand.kind) {
    case 'aggregate':
      return operand.window === undefined;
    case 'latest':
    case 'profile':
      return true;
    case 'daysSince':
      return false;
    case 'ratio':
      return isTimeInvariant(operand.numerator) && isTimeInvariant(operand.denominator);
    case 'quantile':
      return isTimeInvariant(operand.value);
  }
}

function earliest(instants: ReadonlyArray<number | null>): number | null {
  let min: number | null = null;
  for (const t of instants) if (t !== null && (min === null || t < min)) min = t;
  return min;
}
