import { createHash } from 'node:crypto';
import { SegmentationError } from '../definitions/segment-definition';

const CODE_LENGTH = 5;
/** Marks a membership whose code this catalog does not know (a newer catalog defined it). */
export const UNKNOWN_SEGMENT_PREFIX = '#';

const codeCache = new Map<string, string>();

/**
 * A segment id's short stable name in stored memberships: 5 characters of the SHA-256 of the id
 * (like series codes: no registry to keep in step across instances). 30 bytes of id per
 * membership become 5, most of a customer's membership field.
 */
export function segmentCode(segmentId: string): string {
  if (segmentId.startsWith(UNKNOWN_SEGMENT_PREFIX)) return segmentId.slice(1);
  let code = codeCache.get(segmentId);
  if (code === undefined) {
    code = createHash('sha256').update(segmentId).digest('base64url').slice(0, CODE_LENGTH);
    if (codeCache.size < 100_000) codeCache.set(segmentId, code);
  }
  return code;
}

/** Code → segment id for these ids; two ids sharing a code would be confused, so it throws. */
export function segmentIdsByCode(segmentIds: Iterable<string>): Map<string, string> {
  const byCode = new Map<string, string>();
  for (const id of segmentIds) {
    const code = segmentCode(id);
    const other = byCode.get(code);
    if (other !== undefined && other !== id) {
      throw new SegmentationError(
        'SEGMENT_CODE_COLLISION',
        'two segment ids share a stored membership code; rename one of them',
        { code, segmentIds: [other, id] },
      );
    }
    byCode.set(code, id);
  }
  return byCode;
}
