import type { Condition } from '../language/segment-condition.schema';
import { parseCondition } from '../language/validate-condition';
import { buildSegmentCatalog, type CatalogSegment, type SegmentCatalog } from './segment-catalog';

/**
 * Fixtures of the engine's catalog-lineage property: segments whose versions are different
 * rules (thresholds, windows, new conditions, negations), so an edit moves memberships and not
 * only version numbers. Every version reads series of the standard feature set only, within its
 * horizons, and `vip` (the one reader of `tier`) is never retired: the feature spec then never
 * changes with a definition. A series new to the spec starts empty (its history is the
 * backfill's job, not the engine's), which the from-scratch oracle could not mirror.
 */

const count = (event: string, days: number) => ({
  kind: 'aggregate',
  fn: 'count',
  event,
  window: { days },
});
const spend = (fn: string, window: object) => ({
  kind: 'aggregate',
  fn,
  event: 'purchase.completed',
  field: 'amount',
  window,
});
const since = (event: string) => ({ kind: 'daysSince', event });
const rule = (left: object, op: string, right: unknown) => ({ kind: 'compare', op, left, right });
const not = (inner: object) => ({ kind: 'not', rule: inner });
const all = (...rules: object[]) => ({ kind: 'and', rules });
const any = (...rules: object[]) => ({ kind: 'or', rules });
const member = (segmentId: string) => ({ kind: 'inSegment', segmentId });
const nps = { event: 'survey.answered', where: { scale: 'nps-0-10' }, field: 'score' };
const score = { kind: 'latest', ...nps };
const meanScore = { kind: 'aggregate', fn: 'avg', ...nps, window: { days: 30 } };
const rank = (value: object) => ({ kind: 'quantile', table: 'monetary', value });
const tier = { kind: 'profile', attribute: 'tier' };

/** Segment id → its rule by version: version v is entry (v − 1) modulo their number. */
export const LINEAGE_SEGMENTS: Record<string, readonly object[]> = {
  complainers: [
    rule(count('complaint.filed', 30), '>=', 2),
    rule(count('complaint.filed', 30), '>=', 1),
    rule(count('complaint.filed', 7), '>=', 1),
    not(rule(count('complaint.filed', 90), '>=', 3)),
  ],
  lapsed: [
    rule(since('purchase.completed'), '>=', 60),
    rule(since('purchase.completed'), '>=', 15),
    { kind: 'between', value: since('purchase.completed'), min: 3, max: 30 },
    any(rule(since('purchase.completed'), '>=', 60), rule(spend('count', { days: 90 }), '=', 0)),
  ],
  spender: [
    { kind: 'between', value: spend('sum', { days: 90 }), min: 100, max: 1000 },
    rule(spend('sum', { days: 30 }), '>', 200),
    rule(spend('max', { days: 60 }), '>', 400),
    rule(spend('avg', { days: 14 }), '<', 300),
  ],
  'incident-hit': [
    { kind: 'in', value: count('service.incident', 7), set: [1, 2] },
    rule(count('service.incident', 30), '>=', 1),
    not(rule(since('service.incident'), '<=', 5)),
  ],
  caller: [
    rule(count('call.completed', 7), '>=', 2),
    rule(count('call.completed', 30), '>=', 1),
    rule(since('call.completed'), '<=', 10),
  ],
  unhappy: [rule(score, '<=', 6), rule(meanScore, '<', 5), rule(score, '<=', 8)],
  'rfm-top': [
    rule(rank(spend('sum', { months: 12 })), '>=', 4),
    all(
      rule(rank(spend('sum', { months: 12 })), '>=', 2),
      rule(spend('sum', { months: 2, skipMonths: 1 }), '>', 0),
    ),
  ],
  // Ranks of recent spend: most move when the quantile tables do.
  'value-tier': [
    rule(rank(spend('sum', { days: 90 })), '>=', 5),
    rule(rank(spend('sum', { days: 30 })), '>=', 4),
    rule(rank(spend('max', { days: 90 })), '<=', 4),
  ],
  'at-risk': [
    all(member('unhappy'), any(member('complainers'), member('lapsed'))),
    all(member('complainers'), member('caller')),
    any(member('incident-hit'), all(member('unhappy'), member('spender'))),
  ],
  // Only memberships: never touched by an event, re-evaluated when one it reads flips.
  steady: [
    not(any(member('complainers'), member('lapsed'))),
    not(member('value-tier')),
    not(any(member('incident-hit'), member('unhappy'))),
  ],
  vip: [
    all(rule(tier, '=', 'gold'), not(member('lapsed'))),
    rule(tier, '=', 'gold'),
    all({ kind: 'in', value: tier, set: ['gold', 'silver'] }, member('spender')),
  ],
  // Not in the first catalog: added later.
  'fresh-complaint': [
    rule(since('complaint.filed'), '<=', 3),
    rule(count('complaint.filed', 3), '>=', 1),
  ],
  'big-ticket': [
    rule(spend('max', { days: 90 }), '>=', 500),
    rule(spend('max', { days: 7 }), '>=', 100),
  ],
  loyal: [
    all(not(member('lapsed')), rule(spend('count', { days: 90 }), '>=', 2)),
    all(member('spender'), not(member('complainers'))),
  ],
};

const LATER = new Set(['fresh-complaint', 'big-ticket', 'loyal']);
/** Never retired: the only reader of `tier`, which the spec keeps only while one reads it. */
const PINNED = 'vip';
const TABLES = [{ monetary: [50, 150, 400, 900] }, { monetary: [10, 20, 30, 40] }];

/** What the definitions look like at one point of a run. */
export interface Lineage {
  /** Segment id → latest version (0: never active). */
  versions: Record<string, number>;
  active: Set<string>;
  retired: Set<string>;
  table: number;
}

export function firstLineage(): Lineage {
  const ids = Object.keys(LINEAGE_SEGMENTS);
  return {
    versions: Object.fromEntries(ids.map((id) => [id, LATER.has(id) ? 0 : 1])),
    active: new Set(ids.filter((id) => !LATER.has(id))),
    retired: new Set(),
    table: 0,
  };
}

/** Codes are places in LINEAGE_SEGMENTS, so they stay stable across catalogs. */
export function lineageCatalogOf(lineage: Lineage): SegmentCatalog {
  const active = Object.keys(LINEAGE_SEGMENTS)
    .map((id, i) => ({ id, code: i + 1 }))
    .filter(({ id }) => lineage.active.has(id))
    .map(({ id, code }): CatalogSegment => {
      const versions = LINEAGE_SEGMENTS[id]!;
      const version = lineage.versions[id]!;
      return {
        id,
        version,
        code,
        name: id,
        strategy: `s-${id}`,
        condition: conditionOf(versions[(version - 1) % versions.length]!),
      };
    });
  return buildSegmentCatalog({
    active,
    retiredIds: [...lineage.retired],
    quantiles: TABLES[lineage.table]!,
  });
}

// Parsed once: catalogs are rebuilt at every change, and validation is the slow part.
const parsed = new WeakMap<object, Condition>();
function conditionOf(json: object): Condition {
  let condition = parsed.get(json);
  if (condition === undefined) parsed.set(json, (condition = parseCondition(json)));
  return condition;
}

export type CatalogChange = 'edit' | 'add' | 'retire' | 'quantiles';

/**
 * Applies one definition change; returns the segment it concerns (undefined for quantile
 * tables). An addition picks a segment never active or retired (brought back under a new
 * version); with none left, or none to retire, the change is an edit.
 */
export function changeLineage(
  lineage: Lineage,
  change: CatalogChange,
  pick: number,
): string | undefined {
  if (change === 'quantiles') {
    lineage.table = 1 - lineage.table;
    return undefined;
  }
  const ids = Object.keys(LINEAGE_SEGMENTS);
  const from = (candidates: string[]) => candidates[pick % candidates.length];
  const added = change === 'add' ? from(ids.filter((id) => !lineage.active.has(id))) : undefined;
  const retired =
    change === 'retire' ? from([...lineage.active].filter((id) => id !== PINNED)) : undefined;
  if (retired !== undefined) {
    lineage.active.delete(retired);
    lineage.retired.add(retired);
    return retired;
  }
  const id = added ?? from([...lineage.active])!;
  lineage.retired.delete(id);
  lineage.active.add(id);
  lineage.versions[id] = lineage.versions[id]! + 1;
  return id;
}
