import type { FieldIssue } from '@cip/contracts';
import { segmentReferences, type SegmentCondition } from '../language/segment-set';

/**
 * The `inSegment` references of `draft` that would close a cycle with the active set (which
 * has none of its own), each pointing at the reference in the draft's condition, under
 * `/condition`. The draft replaces the active version of its own id, if any.
 */
export function draftCycleIssues(
  draft: SegmentCondition,
  active: readonly SegmentCondition[],
): FieldIssue[] {
  const byId = new Map(active.map((s) => [s.id, s] as const));
  byId.set(draft.id, draft);
  const issues: FieldIssue[] = [];
  for (const ref of segmentReferences(draft.condition)) {
    const trail = pathTo(ref.segmentId, draft.id, byId);
    if (trail)
      issues.push({
        path: `/condition${ref.path}`,
        code: 'segment_cycle',
        message: `segment references form a cycle: ${[draft.id, ...trail].join(' → ')}`,
      });
  }
  return issues;
}

/** Ids from `from` to `to` following references (depth-first), or undefined. */
function pathTo(
  from: string,
  to: string,
  byId: ReadonlyMap<string, SegmentCondition>,
): string[] | undefined {
  const seen = new Set<string>();
  const walk = (id: string): string[] | undefined => {
    if (id === to) return [id];
    if (seen.has(id)) return undefined;
    seen.add(id);
    const segment = byId.get(id);
    if (!segment) return undefined;
    for (const ref of segmentReferences(segment.condition)) {
      const rest = walk(ref.segmentId);
      if (rest) return [id, ...rest];
    }
    return undefined;
  };
  return walk(from);
}
