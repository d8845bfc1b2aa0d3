import {
  DEFINITION_ERROR_CODES,
  estimatePreview,
  previewSegment,
  SCAN_START,
  SegmentationError,
  validateCondition,
  type CatalogSegment,
  type PreviewEstimate,
  type ReasonValue,
} from '@cip/segmentation-domain';
import type {
  SegmentCatalogProvider,
  SegmentStateStore,
} from '../evaluate-segments/segment-state.ports';
import type { PostgresSegmentDefinitionsStore } from './postgres-segment-definitions.store';

export interface PreviewResult extends PreviewEstimate {
  segmentId: string;
  version: number;
  /** Customers of the population (durable store) the estimate projects onto. */
  population: number;
  sample: Array<{ customerId: string; summary: string; values: Record<string, ReasonValue> }>;
}

export interface PreviewDeps {
  definitions: Pick<PostgresSegmentDefinitionsStore, 'version' | 'codeOf'>;
  store: Pick<SegmentStateStore, 'scanCustomerIds' | 'loadMany'>;
  catalogs: SegmentCatalogProvider;
  population: () => Promise<number>;
  nowMs: () => number;
  sampleSize?: number;
  pageSize?: number;
}

/**
 * A version (usually a draft) evaluated against the customers of the hot store, changing
 * nothing: at most `limit` customers are scanned, and the share found is projected onto the
 * population. Other segments' memberships and quantile tables are the current ones.
 */
export class PreviewDefinitionUseCase {
  constructor(private readonly deps: PreviewDeps) {}

  async preview(segmentId: string, version: number, limit: number): Promise<PreviewResult> {
    const { deps } = this;
    const stored = await deps.definitions.version(segmentId, version);
    if (!stored)
      throw new SegmentationError(
        DEFINITION_ERROR_CODES.versionNotFound,
        `no version ${version} of segment definition ${segmentId}`,
      );
    const parsed = validateCondition(stored.condition);
    if (!parsed.ok)
      throw new SegmentationError(
        DEFINITION_ERROR_CODES.invalidDefinition,
        'the stored condition does not validate',
        { issues: parsed.issues.map((i) => ({ ...i, path: `/condition${i.path}` })) },
      );
    const segment: CatalogSegment = {
      id: segmentId,
      version,
      code: (await deps.definitions.codeOf(segmentId)) ?? 0,
      name: stored.name,
      strategy: stored.strategy,
      condition: parsed.condition,
    };
    const [catalog, population] = await Promise.all([deps.catalogs.get(), deps.population()]);
    const nowMs = deps.nowMs();
    const sampleSize = deps.sampleSize ?? 20;
    const sample: PreviewResult['sample'] = [];
    let scanned = 0;
    let matched = 0;
    let cursor = SCAN_START;
    do {
      const page = await deps.store.scanCustomerIds(
        cursor,
        Math.min(deps.pageSize ?? 500, limit - scanned),
      );
      cursor = page.cursor;
      // SCAN's count is a hint: never evaluate more than the limit asked for.
      const ids = [...new Set(page.customerIds)].slice(0, limit - scanned);
      const states = await deps.store.loadMany(ids, catalog);
      for (const id of ids) {
        const hot = states.get(id);
        if (!hot || hot.state.mergedInto !== undefined) continue;
        scanned += 1;
        const outcome = previewSegment(hot.state, segment, catalog, nowMs);
        if (!outcome.matched) continue;
        matched += 1;
        if (sample.length < sampleSize)
          sample.push({ customerId: id, summary: outcome.summary, values: outcome.values });
      }
      if (ids.length < page.customerIds.length) break;
    } while (cursor !== SCAN_START && scanned < limit);
    return {
      segmentId,
      version,
      population,
      ...estimatePreview({ scanned, matched, population, complete: cursor === SCAN_START }),
      sample,
    };
  }
}
