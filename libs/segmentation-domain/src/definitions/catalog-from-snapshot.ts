import {
  buildSegmentCatalog,
  type CatalogSegment,
  type SegmentCatalog,
} from '../engine/segment-catalog';
import { findSegmentCycles } from '../language/segment-set';
import { validateCondition } from '../language/validate-condition';
import { SegmentationError } from './segment-definition';

/** An active definition as stored: its condition JSON is not trusted until validated again. */
export interface StoredActiveSegment {
  id: string;
  version: number;
  code: number;
  name: string;
  strategy: string;
  condition: unknown;
}

/** Everything the catalog is built from, read at once from the definition store. */
export interface CatalogSnapshot {
  active: readonly StoredActiveSegment[];
  retiredIds: readonly string[];
  /** Bitmap codes of the retired ids (absent in snapshots from before codes were read). */
  retiredCodes?: Readonly<Record<string, number>>;
  quantiles: Readonly<Record<string, readonly number[]>>;
}

/**
 * Compiles the stored active set. The database is not trusted to hold only what went through
 * the API: a condition that does not validate (first-form rules are translated) is skipped and
 * reported, and so are segments caught in an `inSegment` cycle (possible only if the store was
 * edited by hand), rather than stopping evaluation of every other segment.
 */
export function catalogFromSnapshot(
  snapshot: CatalogSnapshot,
  onSkipped: (error: SegmentationError) => void,
): SegmentCatalog {
  const valid: CatalogSegment[] = [];
  for (const stored of snapshot.active) {
    const result = validateCondition(stored.condition);
    if (result.ok) {
      const { id, version, code, name, strategy } = stored;
      valid.push({ id, version, code, name, strategy, condition: result.condition });
    } else {
      onSkipped(
        new SegmentationError(
          'INVALID_STORED_CONDITION',
          `segment ${stored.id} v${stored.version} has an invalid condition`,
          { segmentId: stored.id, version: stored.version, issues: result.issues },
        ),
      );
    }
  }
  const inCycles = new Set(findSegmentCycles(valid).map((issue) => issue.path.split('/')[1] ?? ''));
  for (const id of inCycles)
    onSkipped(
      new SegmentationError('SEGMENT_CYCLE', `segment ${id} is part of an inSegment cycle`, {
        segmentId: id,
      }),
    );
  const active = valid.filter((segment) => !inCycles.has(segment.id));
  const activeIds = new Set(active.map((s) => s.id));
  return buildSegmentCatalog({
    active,
    retiredIds: snapshot.retiredIds.filter((id) => !activeIds.has(id)),
    ...(snapshot.retiredCodes ? { retiredCodes: snapshot.retiredCodes } : {}),
    quantiles: snapshot.quantiles,
  });
}

/**
 * What decides the compiled catalog, as a string: an active version's condition never changes
 * (edits make new versions), so ids, versions and codes stand for the conditions. Equal stamps
 * → the compiled catalog can be kept (compiling ~150 segments costs hundreds of milliseconds).
 */
export function snapshotStamp(snapshot: CatalogSnapshot): string {
  return JSON.stringify([
    snapshot.active.map((s) => [s.id, s.version, s.code]),
    [...snapshot.retiredIds].sort(),
    Object.entries(snapshot.quantiles).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
}
