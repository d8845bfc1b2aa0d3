import { createHash } from 'node:crypto';
import { SegmentationError } from '../definitions/segment-definition';
import type { FeatureSpec, SeriesSpec } from '../features/feature-spec';
import { FeatureSpecBuilder } from '../features/feature-spec';
import { STANDARD_FEATURE_SPEC } from '../features/standard-features';
import { featureSpecFor } from '../language/condition-requirements';
import type { Condition } from '../language/segment-condition.schema';
import { evaluationOrder, segmentReferences } from '../language/segment-set';
import { compileCondition, type CompiledCondition } from './compiled/compile-condition';
import { OperandCache } from './compiled/compile-operand';
import { conditionInputs } from './condition-inputs';
import { segmentIdsByCode } from '../engine-storage/membership-codes';
import { rememberCatalog } from './catalog-lineage';

export interface CatalogSegment {
  id: string;
  version: number;
  /** stable small integer per segment id, never reused; used for Redis bitmaps */
  code: number;
  name: string;
  strategy: string;
  condition: Condition;
}

export interface SegmentCatalogInput {
  active: readonly CatalogSegment[];
  /** ids retired: their memberships are closed */
  retiredIds?: readonly string[];
  /** Bitmap codes of retired ids, where known: their exits clear the bits. */
  retiredCodes?: Readonly<Record<string, number>>;
  quantiles?: Readonly<Record<string, readonly number[]>>;
}

/** An active segment compiled, at its place in the evaluation order. */
export interface CompiledSegment {
  readonly segment: CatalogSegment;
  readonly position: number;
  readonly compiled: CompiledCondition;
  /** Positions of the active segments its `inSegment` references name (all earlier). */
  readonly dependencies: readonly number[];
}

export interface SegmentCatalog {
  readonly active: readonly CatalogSegment[];
  readonly retiredIds: ReadonlySet<string>;
  /** Retired id → bitmap code, where known. */
  readonly retiredCodes: ReadonlyMap<string, number>;
  readonly spec: FeatureSpec;
  readonly quantiles: Readonly<Record<string, readonly number[]>>;
  /**
   * Digest of what decides memberships (ids, versions, retirements, quantile tables). A state
   * evaluated under another key also evaluates the segments changed since (catalog-lineage),
   * or all of them, whatever the event touched.
   */
  readonly key: string;
  /** Active segments in evaluation order (referenced before referencing). */
  readonly ordered: readonly CompiledSegment[];
  readonly byId: ReadonlyMap<string, CompiledSegment>;
  /** Tracked series by event type: the only ones an event of that type can match. */
  readonly seriesByType: ReadonlyMap<string, readonly SeriesSpec[]>;
  /** Series key / profile attribute → positions of the segments reading it. */
  readonly readersOfSeries: ReadonlyMap<string, readonly number[]>;
  readonly readersOfProfile: ReadonlyMap<string, readonly number[]>;
}

/** Validates the set as a whole (unique ids and codes, no cycles) and compiles each condition. */
export function buildSegmentCatalog(input: SegmentCatalogInput): SegmentCatalog {
  const retiredIds = new Set(input.retiredIds ?? []);
  checkUnique(input.active, retiredIds);
  // Throws SEGMENT_CODE_COLLISION: stored memberships name segments by a short code of the id.
  segmentIdsByCode([...input.active.map((s) => s.id), ...retiredIds]);
  const quantiles = input.quantiles ?? {};
  const byId = new Map(input.active.map((s) => [s.id, s] as const));
  // Throws SEGMENT_CYCLE.
  const order = evaluationOrder(input.active).map(({ id }) => byId.get(id)!);
  const position = new Map(order.map((s, i) => [s.id, i] as const));
  const readersOfSeries = new Map<string, number[]>();
  const readersOfProfile = new Map<string, number[]>();
  const operands = new OperandCache();
  const ordered = order.map((segment, i): CompiledSegment => {
    const inputs = conditionInputs(segment.condition);
    for (const key of inputs.series) pushTo(readersOfSeries, key, i);
    for (const attribute of inputs.profile) pushTo(readersOfProfile, attribute, i);
    const dependencies = new Set<number>();
    for (const ref of segmentReferences(segment.condition)) {
      const at = position.get(ref.segmentId);
      if (at !== undefined) dependencies.add(at);
    }
    return {
      segment,
      position: i,
      compiled: compileCondition(segment.condition, operands),
      dependencies: [...dependencies],
    };
  });
  const spec = featureSpecFor(
    order.map((s) => s.condition),
    new FeatureSpecBuilder(STANDARD_FEATURE_SPEC.dedupeRing).merge(STANDARD_FEATURE_SPEC),
  );
  const seriesByType = new Map<string, SeriesSpec[]>();
  for (const series of Object.values(spec.series)) pushTo(seriesByType, series.event, series);
  const catalog: SegmentCatalog = {
    active: input.active,
    retiredIds,
    retiredCodes: new Map(
      Object.entries(input.retiredCodes ?? {}).filter(([id]) => retiredIds.has(id)),
    ),
    spec,
    quantiles,
    key: catalogKey(order, retiredIds, quantiles),
    ordered,
    byId: new Map(ordered.map((c) => [c.segment.id, c] as const)),
    seriesByType,
    readersOfSeries,
    readersOfProfile,
  };
  rememberCatalog(catalog);
  return catalog;
}

function checkUnique(active: readonly CatalogSegment[], retiredIds: ReadonlySet<string>): void {
  const ids = new Set<string>();
  const codes = new Set<number>();
  for (const segment of active) {
    if (ids.has(segment.id))
      throw new SegmentationError('DUPLICATE_SEGMENT', `segment ${segment.id} is listed twice`);
    if (codes.has(segment.code))
      throw new SegmentationError(
        'DUPLICATE_SEGMENT_CODE',
        `segment code ${segment.code} is used twice`,
        { segmentId: segment.id },
      );
    if (retiredIds.has(segment.id))
      throw new SegmentationError('RETIRED_SEGMENT_ACTIVE', `segment ${segment.id} is retired`);
    ids.add(segment.id);
    codes.add(segment.code);
  }
}

function catalogKey(
  order: readonly CatalogSegment[],
  retiredIds: ReadonlySet<string>,
  quantiles: Readonly<Record<string, readonly number[]>>,
): string {
  const canonical = JSON.stringify([
    order.map((s) => [s.id, s.version]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
    [...retiredIds].sort(),
    Object.entries(quantiles).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
