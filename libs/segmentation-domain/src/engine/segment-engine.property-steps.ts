import fc from 'fast-check';
import type { CatalogChange } from './segment-engine.property-catalogs';

/**
 * Steps of the engine's catalog-lineage property: events and profile changes of a few
 * customers, redeliveries, time passing and definition changes, each reaching the customers
 * through no backfill, the backfill's one-segment screen, or a full re-evaluation.
 */

const HALF_DAY = 43_200_000;

/** none: no backfill reached the customers yet; scoped: the one-segment screen first; all. */
export type Backfill = 'none' | 'scoped' | 'all';

type Draft =
  | { type: 'complaint.filed'; category: string }
  | { type: 'purchase.completed'; amount: number }
  | { type: 'survey.answered'; scale: string; score: number }
  | { type: 'service.incident' | 'call.completed' };

interface Timed {
  /** Customer, by place. */
  who: number;
  lateHalfDays: number;
  jitterMs: number;
  recorded: boolean;
}

export type LineageStep =
  | ({ kind: 'event'; draft: Draft } & Timed)
  | ({ kind: 'profile'; tier: string | null } & Timed)
  | { kind: 'redeliver'; who: number; pick: number }
  | { kind: 'advance'; halfDays: number; jitterMs: number; recorded: boolean; timers: boolean }
  | {
      kind: 'catalog';
      change: CatalogChange;
      pick: number;
      backfill: Backfill;
      recorded: boolean;
    };

const draftArb: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({
    type: fc.constant('complaint.filed' as const),
    category: fc.constantFrom('network', 'billing'),
  }),
  fc.record({
    type: fc.constant('purchase.completed' as const),
    amount: fc.oneof(fc.integer({ min: 0, max: 1200 }), fc.constantFrom(5, 99.99, 400, 500)),
  }),
  fc.record({
    type: fc.constant('survey.answered' as const),
    scale: fc.constant('nps-0-10'),
    score: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({ type: fc.constantFrom('service.incident' as const, 'call.completed' as const) }),
);
const timed = {
  who: fc.nat(),
  lateHalfDays: fc.oneof(fc.integer({ min: -2, max: 120 }), fc.constantFrom(0, 1)),
  jitterMs: fc.constantFrom(0, 0, 1, -1),
  recorded: fc.boolean(),
};

function weighted<T extends string>(weights: Record<T, number>): fc.Arbitrary<T> {
  const entries = Object.entries(weights) as Array<[T, number]>;
  return fc.oneof(...entries.map(([value, weight]) => ({ weight, arbitrary: fc.constant(value) })));
}

export const lineageStepArb: fc.Arbitrary<LineageStep> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('event' as const), draft: draftArb, ...timed }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('profile' as const),
      tier: fc.constantFrom('gold', 'silver', null),
      ...timed,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('redeliver' as const),
      who: fc.nat(),
      pick: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      // Mostly short: timers fire less often before a lagging customer's next event.
      halfDays: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }) },
      ),
      jitterMs: fc.constantFrom(0, 1, HALF_DAY / 3),
      recorded: fc.boolean(),
      timers: fc.constantFrom(true, true, false),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('catalog' as const),
      change: weighted<CatalogChange>({ edit: 3, add: 1, retire: 2, quantiles: 1 }),
      pick: fc.nat(),
      // Mostly none: customers then stay on the earlier catalog until their next evaluation.
      backfill: weighted<Backfill>({ none: 3, scoped: 1, all: 1 }),
      recorded: fc.boolean(),
    }),
  },
);
