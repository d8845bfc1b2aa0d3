import type { FieldIssue } from '@cip/contracts';
import { SegmentationError } from '../definitions/segment-definition';
import {
  evaluateCondition,
  type ConditionOutcome,
  type EvaluationContext,
} from './evaluate-condition';
import type { Condition } from './segment-condition.schema';

/** A segment as the language sees it: an id and its condition. */
export interface SegmentCondition {
  id: string;
  condition: Condition;
}

/** Every `inSegment` reference of a condition, with its JSON pointer. */
export function segmentReferences(
  condition: Condition,
  path = '',
): Array<{ segmentId: string; path: string }> {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.rules.flatMap((child, i) => segmentReferences(child, `${path}/rules/${i}`));
    case 'not':
      return segmentReferences(condition.rule, `${path}/rule`);
    case 'inSegment':
      return [{ segmentId: condition.segmentId, path }];
    case 'compare':
    case 'in':
    case 'between':
      return [];
  }
}

/**
 * Cycles of `inSegment` references across a set of definitions (a segment defined through itself
 * has no stable membership). Each issue points at the reference that closes a cycle, as
 * `/<segment id>/<pointer in its condition>`, and names the cycle.
 */
export function findSegmentCycles(segments: readonly SegmentCondition[]): FieldIssue[] {
  const byId = new Map(segments.map((s) => [s.id, s] as const));
  const state = new Map<string, 'visiting' | 'done'>();
  const issues: FieldIssue[] = [];
  const visit = (id: string, trail: string[]): void => {
    state.set(id, 'visiting');
    for (const ref of segmentReferences(byId.get(id)!.condition)) {
      if (!byId.has(ref.segmentId)) continue;
      const seen = state.get(ref.segmentId);
      if (seen === 'visiting') {
        const path = [...trail, id];
        const cycle = [...path.slice(path.indexOf(ref.segmentId)), ref.segmentId];
        issues.push({
          path: `/${id}${ref.path}`,
          code: 'segment_cycle',
          message: `segment references form a cycle: ${cycle.join(' → ')}`,
        });
      } else if (seen === undefined) {
        visit(ref.segmentId, [...trail, id]);
      }
    }
    state.set(id, 'done');
  };
  for (const id of [...byId.keys()].sort()) if (!state.has(id)) visit(id, []);
  return issues;
}

/** Referenced segments before the segments referencing them (ties by id); throws on a cycle. */
export function evaluationOrder(segments: readonly SegmentCondition[]): SegmentCondition[] {
  const cycles = findSegmentCycles(segments);
  if (cycles.length > 0) {
    throw new SegmentationError('SEGMENT_CYCLE', cycles[0]!.message, { issues: cycles });
  }
  const byId = new Map(segments.map((s) => [s.id, s] as const));
  const ordered: SegmentCondition[] = [];
  const placed = new Set<string>();
  const place = (segment: SegmentCondition): void => {
    if (placed.has(segment.id)) return;
    placed.add(segment.id);
    for (const ref of segmentReferences(segment.condition)) {
      const dependency = byId.get(ref.segmentId);
      if (dependency) place(dependency);
    }
    ordered.push(segment);
  };
  for (const segment of [...segments].sort((a, b) => (a.id < b.id ? -1 : 1))) place(segment);
  return ordered;
}

/**
 * Evaluates a set of segments for one customer. A reference to a segment of the set sees its
 * result from this same evaluation; other references ask `context.isMember`.
 */
export function evaluateSegments(
  segments: readonly SegmentCondition[],
  context: EvaluationContext,
): Map<string, ConditionOutcome> {
  const outcomes = new Map<string, ConditionOutcome>();
  const isMember = (id: string): boolean =>
    outcomes.get(id)?.matched ?? context.isMember?.(id) ?? false;
  for (const segment of evaluationOrder(segments))
    outcomes.set(segment.id, evaluateCondition(segment.condition, { ...context, isMember }));
  return outcomes;
}
