import type {
  ComparisonOp,
  Condition,
  Operand,
  Scalar,
} from '../language/segment-condition.schema';

// Terse constructors for the packs' condition trees; the output is plain segment-language JSON.

export const all = (...rules: Condition[]): Condition => ({ kind: 'and', rules });
export const any = (...rules: Condition[]): Condition => ({ kind: 'or', rules });
export const not = (rule: Condition): Condition => ({ kind: 'not', rule });
export const member = (segmentId: string): Condition => ({ kind: 'inSegment', segmentId });
export const cmp = (left: Operand, op: ComparisonOp, right: Operand): Condition => ({
  kind: 'compare',
  op,
  left,
  right,
});
export const oneOf = (value: Operand, set: Scalar[]): Condition => ({ kind: 'in', value, set });
export const profile = (attribute: string): Operand => ({ kind: 'profile', attribute });

/** `min ≤ value < max`: adjacent bands built with it never overlap (`between` is inclusive). */
export const band = (value: Operand, min: number, max: number): Condition =>
  all(cmp(value, '>=', min), cmp(value, '<', max));

/** Recency (whole days) is null when the event never happened. */
export const happened = (daysSince: Operand): Condition => cmp(daysSince, '>=', 0);

/**
 * "First match wins": each segment excludes the segments before it through `not inSegment`, so
 * a customer is in at most one, and references only point backwards (no cycles).
 */
export function firstMatch<T extends { key: string; condition: Condition }>(
  pack: string,
  segments: readonly T[],
): T[] {
  return segments.map((segment, i) =>
    i === 0
      ? segment
      : {
          ...segment,
          condition: all(
            not(any(...segments.slice(0, i).map((earlier) => member(`${pack}.${earlier.key}`)))),
            segment.condition,
          ),
        },
  );
}
