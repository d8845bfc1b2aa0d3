import { SegmentationError } from '../definitions/segment-definition';
import type { Condition } from '../language/segment-condition.schema';
import { parseCondition } from '../language/validate-condition';

/** A built-in segment definition: plain JSON, ready to be stored as an ordinary definition. */
export interface PackDefinition {
  /** `<pack>.<segment>`, stable: stored memberships and references use it. */
  id: string;
  name: string;
  description: string;
  /** `model-pack:<pack>`. */
  owner: string;
  /** The management action the model prescribes for the segment. */
  strategy: string;
  condition: Condition;
  pack: string;
}

/** One segment of a pack before it is stamped with the pack's id and owner. */
export interface PackSegment {
  key: string;
  name: string;
  description: string;
  strategy: string;
  condition: Condition;
}

export const PACK_OWNER_PREFIX = 'model-pack:';

/**
 * Stamps a pack's segments. Each condition goes through `parseCondition` here, so a parameter
 * that makes a condition invalid (a NaN threshold, an unknown attribute name) fails when the pack
 * is built, not when a customer is evaluated.
 */
export function packDefinitions(pack: string, segments: readonly PackSegment[]): PackDefinition[] {
  return segments.map((segment) => ({
    id: `${pack}.${segment.key}`,
    name: segment.name,
    description: segment.description,
    owner: `${PACK_OWNER_PREFIX}${pack}`,
    strategy: segment.strategy,
    condition: parseCondition(segment.condition),
    pack,
  }));
}

/** Thresholds of exclusive bands must rise strictly, or some band would be empty by mistake. */
export function assertDescending(pack: string, thresholds: Record<string, number>): void {
  const entries = Object.entries(thresholds);
  entries.forEach(([name, value], i) => {
    const previous = entries[i - 1];
    if (!Number.isFinite(value) || (previous && !(previous[1] > value))) {
      throw new SegmentationError(
        'INVALID_PACK_PARAMETERS',
        `${pack}: ${name} must be a number below ${previous?.[0] ?? 'nothing'}`,
        { pack, thresholds },
      );
    }
  });
}
