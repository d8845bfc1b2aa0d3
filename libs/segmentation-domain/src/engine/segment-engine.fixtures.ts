import fc from 'fast-check';
import type { ProfileChange } from '../features/apply-to-features';
import type { FeatureEvent } from '../features/feature-series';
import { parseCondition } from '../language/validate-condition';
import { buildSegmentCatalog, type CatalogSegment, type SegmentCatalog } from './segment-catalog';

/** Test fixtures of the engine's property test: segments by id (JSON by version) and steps. */

const HALF_DAY = 43_200_000;

const amount = (fn: string, window?: object) => ({
  kind: 'aggregate',
  fn,
  event: 'purchase.completed',
  field: 'amount',
  ...(window ? { window } : {}),
});
const RARE = {
  kind: 'compare',
  op: '>=',
  left: { kind: 'aggregate', fn: 'count', event: 'call.completed', window: { days: 7 } },
  right: 2,
};

/** Odd versions are the base condition; even versions widen it (most members stay members). */
const versioned =
  (json: object) =>
  (version: number): object =>
    version % 2 === 1 ? json : { kind: 'or', rules: [json, RARE] };

export const ENGINE_SEGMENTS: Record<string, (version: number) => object> = {
  'repeated-complainers': versioned({
    kind: 'compare',
    op: '>=',
    left: { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 30 } },
    right: 2,
  }),
  'network-complainers': versioned({
    kind: 'compare',
    op: '>=',
    left: {
      kind: 'aggregate',
      fn: 'count',
      event: 'complaint.filed',
      where: { category: ['network', 'service'] },
      window: { days: 7 },
    },
    right: 1,
  }),
  'lapsed-buyers': versioned({
    kind: 'compare',
    op: '>=',
    left: { kind: 'daysSince', event: 'purchase.completed' },
    right: 60,
  }),
  'recent-complaint': versioned({
    kind: 'between',
    value: { kind: 'daysSince', event: 'complaint.filed', where: { severity: 'high' } },
    min: 2,
    max: 9,
  }),
  'spend-drop': versioned({
    kind: 'compare',
    op: '<=',
    left: {
      kind: 'ratio',
      numerator: amount('sum', { months: 3 }),
      denominator: amount('sum', { months: 3, skipMonths: 3 }),
    },
    right: 0.7,
  }),
  'big-spender': versioned({
    kind: 'or',
    rules: [
      { kind: 'between', value: amount('sum', { days: 90 }), min: 100, max: 1000 },
      { kind: 'compare', op: '>', left: amount('max', { days: 30 }), right: 400 },
      { kind: 'compare', op: '<', left: amount('min', { days: 14 }), right: 5 },
    ],
  }),
  unhappy: versioned({
    kind: 'or',
    rules: [
      {
        kind: 'compare',
        op: '<=',
        left: { kind: 'latest', event: 'survey.answered', field: 'score' },
        right: 6,
      },
      {
        kind: 'compare',
        op: '<',
        left: {
          kind: 'aggregate',
          fn: 'avg',
          event: 'survey.answered',
          field: 'score',
          window: { days: 30 },
        },
        right: 5,
      },
    ],
  }),
  'rfm-top': versioned({
    kind: 'and',
    rules: [
      {
        kind: 'compare',
        op: '>=',
        left: { kind: 'quantile', table: 'monetary', value: amount('sum', { days: 365 }) },
        right: 4,
      },
      { kind: 'compare', op: '>', left: amount('sum', { months: 2, skipMonths: 1 }), right: 0 },
    ],
  }),
  'incident-hit': versioned({
    kind: 'in',
    value: { kind: 'aggregate', fn: 'count', event: 'service.incident', window: { days: 7 } },
    set: [1, 2],
  }),
  vip: versioned({
    kind: 'and',
    rules: [
      { kind: 'compare', op: '=', left: { kind: 'profile', attribute: 'tier' }, right: 'gold' },
      { kind: 'not', rule: { kind: 'inSegment', segmentId: 'lapsed-buyers' } },
    ],
  }),
  'at-risk': versioned({
    kind: 'and',
    rules: [
      { kind: 'inSegment', segmentId: 'unhappy' },
      {
        kind: 'or',
        rules: [
          { kind: 'inSegment', segmentId: 'repeated-complainers' },
          { kind: 'inSegment', segmentId: 'spend-drop' },
        ],
      },
    ],
  }),
};

type EventDraft =
  | { type: 'complaint.filed'; category: string; severity: string }
  | { type: 'purchase.completed'; amount: number }
  | { type: 'survey.answered'; score: number }
  | { type: 'service.incident' | 'call.completed' };

export type EngineStep =
  | { kind: 'event'; draft: EventDraft; lateHalfDays: number; jitterMs: number; recorded: boolean }
  | {
      kind: 'profile';
      tier: string | null;
      lateHalfDays: number;
      jitterMs: number;
      recorded: boolean;
    }
  | { kind: 'redeliver'; pick: number }
  | { kind: 'advance'; halfDays: number; jitterMs: number; recorded: boolean; timers: boolean }
  | {
      kind: 'catalog';
      change: 'edit' | 'retire' | 'reactivate' | 'quantiles';
      pick: number;
      announce: boolean;
      recorded: boolean;
    };

const draftArb: fc.Arbitrary<EventDraft> = fc.oneof(
  fc.record({
    type: fc.constant('complaint.filed' as const),
    category: fc.constantFrom('network', 'billing', 'service'),
    severity: fc.constantFrom('low', 'high'),
  }),
  fc.record({
    type: fc.constant('purchase.completed' as const),
    amount: fc.oneof(fc.integer({ min: 0, max: 1200 }), fc.constantFrom(0.01, 4.99, 5, 99.99, 400)),
  }),
  fc.record({
    type: fc.constant('survey.answered' as const),
    score: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({ type: fc.constantFrom('service.incident' as const, 'call.completed' as const) }),
);
const lateArb = fc.oneof(fc.integer({ min: -2, max: 240 }), fc.constantFrom(0, 1, 60));
const jitterArb = fc.constantFrom(0, 0, 1, -1);

export const engineStepArb: fc.Arbitrary<EngineStep> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      draft: draftArb,
      lateHalfDays: lateArb,
      jitterMs: jitterArb,
      recorded: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('profile' as const),
      tier: fc.constantFrom('gold', 'silver', null),
      lateHalfDays: lateArb,
      jitterMs: jitterArb,
      recorded: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      halfDays: fc.integer({ min: 0, max: 90 }),
      jitterMs: fc.constantFrom(0, 1, HALF_DAY / 3),
      recorded: fc.boolean(),
      // Sometimes the timer is late and the next event finds the state due.
      timers: fc.constantFrom(true, true, false),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('catalog' as const),
      change: fc.constantFrom(
        'edit' as const,
        'retire' as const,
        'reactivate' as const,
        'quantiles' as const,
      ),
      pick: fc.nat(),
      announce: fc.boolean(),
      recorded: fc.boolean(),
    }),
  },
);

/** What a generated step needs to become an event or a customer-file change. */
export type FactStep =
  | { kind: 'event'; draft: { type: string }; lateHalfDays: number; jitterMs: number }
  | { kind: 'profile'; tier: string | null; lateHalfDays: number; jitterMs: number };

export function eventOf(
  step: FactStep,
  index: number,
  clock: number,
  customerId = 'c-1',
): FeatureEvent | ProfileChange {
  const occurredAt = new Date(clock - step.lateHalfDays * HALF_DAY + step.jitterMs).toISOString();
  if (step.kind === 'profile') {
    return {
      eventId: `pr-${index}`,
      customerId,
      occurredAt,
      changes: [{ field: '/tier', value: step.tier }],
    };
  }
  const { type, ...payload } = step.draft;
  return { eventId: `ev-${index}`, customerId, type, occurredAt, payload };
}

/**
 * The catalog of ENGINE_SEGMENTS at the given versions (default 1), without the retired ones; a
 * segment's code is its place in ENGINE_SEGMENTS, so codes stay stable across catalogs.
 */
export function engineCatalogOf(
  versions: Readonly<Record<string, number>>,
  retired: ReadonlySet<string>,
  quantiles: Readonly<Record<string, readonly number[]>>,
): SegmentCatalog {
  const active = Object.keys(ENGINE_SEGMENTS)
    .filter((id) => !retired.has(id))
    .map((id, i): CatalogSegment => ({
      id,
      version: versions[id] ?? 1,
      code: i + 1,
      name: id,
      strategy: `s-${id}`,
      condition: parseCondition(ENGINE_SEGMENTS[id]!(versions[id] ?? 1)),
    }));
  return buildSegmentCatalog({ active, retiredIds: [...retired], quantiles });
}
