import { SegmentationError } from '../definitions/segment-definition';
import { byShortCode, shortCode } from '../features/short-code';

const CODE_LENGTH = 5;
/** Marks a membership whose code this catalog does not know (a newer catalog defined it). */
export const UNKNOWN_SEGMENT_PREFIX = '#';

/**
 * A segment id's short stable name in stored memberships: 5 characters of the SHA-256 of the id
 * (like series codes: no registry to keep in step across instances). 30 bytes of id per
 * membership become 5, most of a customer's membership field.
 */
export function segmentCode(segmentId: string): string {
  if (segmentId.startsWith(UNKNOWN_SEGMENT_PREFIX)) return segmentId.slice(1);
  return shortCode(segmentId, CODE_LENGTH);
}

/** Code → segment id for these ids; two ids sharing a code would be confused, so it throws. */
export function segmentIdsByCode(segmentIds: Iterable<string>): Map<string, string> {
  return byShortCode(
    segmentIds,
    CODE_LENGTH,
    (code, first, second) =>
      new SegmentationError(
        'SEGMENT_CODE_COLLISION',
        'two segment ids share a stored membership code; rename one of them',
        { code, segmentIds: [first, second] },
      ),
  );
}
