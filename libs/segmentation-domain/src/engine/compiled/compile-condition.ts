import { daysSince } from '../../language/evaluate-condition';
import type { ComparisonOp, Condition, Scalar } from '../../language/segment-condition.schema';
import { DAY_MS } from '../../features/calendar';
import { compileOperand, earlier, OperandCache, type CompiledOperand } from './compile-operand';
import type { Probe } from './probe';

/**
 * A validated condition compiled once into closures: `test` is `evaluateCondition(...).matched`
 * and `nextChange` is `nextTimeChange` (same algorithm, same candidates, same answer), without
 * building summaries, labels or value maps. The explanation is built by the interpreter, and
 * only for the segments whose membership flips.
 */
export interface CompiledCondition {
  test(probe: Probe): boolean;
  /**
   * `nextTimeChange` at `probe.nowMs`, or null if none before `bound` (exclusive). `initial` is
   * `test(probe)` when the caller has it already.
   */
  nextChange(probe: Probe, bound?: number, initial?: boolean): number | null;
}

interface Node {
  test(probe: Probe): boolean;
  /** `conditionBreak`: earliest instant after now at which this node's truth may change. */
  next(probe: Probe): number | null;
}

/** Same as the interpreter's refinement budget: after it, the last candidate is answered. */
const MAX_REFINEMENTS = 32;

/** `cache` shares identical operands between the conditions of one catalog. */
export function compileCondition(
  condition: Condition,
  cache: OperandCache = new OperandCache(),
): CompiledCondition {
  const root = compileNode(condition, cache);
  return {
    test: (probe) => root.test(probe),
    nextChange(probe, bound = Infinity, initial = root.test(probe)) {
      let at = probe;
      for (let i = 0; i < MAX_REFINEMENTS; i++) {
        const next = root.next(at);
        if (next === null || next >= bound) return null;
        at = probe.at(next);
        if (root.test(at) !== initial) return next;
      }
      return at.nowMs;
    },
  };
}

function compileNode(node: Condition, cache: OperandCache): Node {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const children = node.rules.map((child) => compileNode(child, cache));
      const isAnd = node.kind === 'and';
      // Per node, never re-entered: a node's subtree holds no other call of its own `next`.
      const results = new Uint8Array(children.length);
      return {
        test: isAnd
          ? (p) => {
              for (const child of children) if (!child.test(p)) return false;
              return true;
            }
          : (p) => {
              for (const child of children) if (child.test(p)) return true;
              return false;
            },
        next(p) {
          // Only children agreeing with the result can change it (see `conditionBreak`).
          let matched = isAnd;
          for (let i = 0; i < children.length; i++) {
            const result = children[i]!.test(p);
            results[i] = result ? 1 : 0;
            if (result !== isAnd) matched = !isAnd;
          }
          const agreeing = matched ? 1 : 0;
          let next: number | null = null;
          for (let i = 0; i < children.length; i++)
            if (results[i] === agreeing) next = earlier(next, children[i]!.next(p));
          return next;
        },
      };
    }
    case 'not': {
      const inner = compileNode(node.rule, cache);
      return { test: (p) => !inner.test(p), next: (p) => inner.next(p) };
    }
    case 'inSegment': {
      const id = node.segmentId;
      return { test: (p) => p.isMember(id), next: () => null };
    }
    case 'compare': {
      const left = compileOperand(node.left, cache);
      const right = compileOperand(node.right, cache);
      const op = node.op;
      const test = (p: Probe) => compare(op, left.value(p), right.value(p));
      return { test, next: comparisonBreak(test, [left, right], []) };
    }
    case 'in': {
      const value = compileOperand(node.value, cache);
      const set = node.set;
      const test = (p: Probe) => {
        const v = value.value(p);
        return v !== null && set.includes(v);
      };
      return { test, next: comparisonBreak(test, [value], set) };
    }
    case 'between': {
      const value = compileOperand(node.value, cache);
      const min = compileOperand(node.min, cache);
      const max = compileOperand(node.max, cache);
      const test = (p: Probe) => {
        const v = value.value(p);
        const lo = min.value(p);
        const hi = max.value(p);
        return (
          typeof v === 'number' &&
          typeof lo === 'number' &&
          typeof hi === 'number' &&
          lo <= v &&
          v <= hi
        );
      };
      return { test, next: comparisonBreak(test, [value, min, max], []) };
    }
  }
}

/** `comparisonBreak` + `recencyFlip` of `nextTimeChange`, resolved at compile time. */
function comparisonBreak(
  test: (probe: Probe) => boolean,
  operands: readonly CompiledOperand[],
  set: readonly Scalar[],
): (probe: Probe) => number | null {
  const varying = operands.filter((operand) => !operand.timeInvariant);
  const recency = varying.length === 1 ? varying[0]?.lastSeenMs : undefined;
  if (!recency) {
    return (p) => {
      let next: number | null = null;
      for (const operand of varying) next = earlier(next, operand.next(p));
      return next;
    };
  }
  const others = operands.filter((operand) => operand !== varying[0]);
  // Per node and never re-entered (see 'and'/'or'): one array for every call, sized for every
  // candidate and sorted in place (a fresh array and `sort` per call were a tenth of the hot
  // path's allocations; emptying an array by `length = 0` frees its store as well).
  const candidates = new Array<number>(2 * (others.length + set.length)).fill(0);
  let count = 0;
  const add = (c: Scalar | null) => {
    if (typeof c !== 'number') return;
    candidates[count++] = Math.ceil(c);
    candidates[count++] = Math.floor(c) + 1;
  };
  return (p) => {
    const lastMs = recency(p);
    if (lastMs === null) return null;
    const today = daysSince(lastMs, p.nowMs) ?? 0;
    // Truth over whole days changes only where a threshold is crossed: ceil(c) or floor(c)+1.
    count = 0;
    for (const operand of others) add(operand.value(p));
    for (const c of set) add(c);
    const initial = test(p);
    sortAscending(candidates, count);
    for (let i = 0; i < count; i++) {
      const days = candidates[i]!;
      if (days <= today || (i > 0 && days === candidates[i - 1])) continue;
      const t = lastMs + days * DAY_MS;
      if (test(p.at(t)) !== initial) return t;
    }
    return null;
  };
}

/** Insertion sort of the first `count`: a handful, and no work array as `Array.prototype.sort` takes. */
function sortAscending(values: number[], count: number): void {
  for (let i = 1; i < count; i++) {
    const value = values[i]!;
    let j = i - 1;
    for (; j >= 0 && values[j]! > value; j--) values[j + 1] = values[j]!;
    values[j + 1] = value;
  }
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
