import { featuresReader } from '../features/features-reader';
import { evaluateCondition, type ConditionOutcome } from '../language/evaluate-condition';
import type { CustomerSegmentState } from './customer-segment-state';
import type { CatalogSegment, SegmentCatalog } from './segment-catalog';

/**
 * One segment (active, draft or a new version) against a customer's stored features, without
 * changing anything: for previews and backfills. `inSegment` references read the stored
 * memberships; quantile tables come from the catalog.
 */
export function previewSegment(
  state: CustomerSegmentState,
  segment: CatalogSegment,
  catalog: SegmentCatalog,
  nowMs: number,
): ConditionOutcome {
  return evaluateCondition(segment.condition, {
    reader: featuresReader(state.features),
    nowMs,
    quantiles: catalog.quantiles,
    isMember: (segmentId) => state.memberships[segmentId] !== undefined,
  });
}
