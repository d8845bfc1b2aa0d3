import fc from 'fast-check';
import type { SegmentDefinition } from '../definitions/segment-definition';
import { applyEvent, type AppliedEvent } from './apply-event';
import type { CustomerState } from './customer-state';
import { recomputeFromHistory } from './recompute-from-history';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const TYPES = [
  'complaint.filed',
  'service.incident',
  'purchase.completed',
  'call.completed',
] as const;

const base = { status: 'active' as const, name: 'n', description: 'd', owner: 'o', strategy: 's' };
const DEFINITIONS: SegmentDefinition[] = [
  {
    ...base,
    id: 'repeated-complainers',
    version: 1,
    rule: {
      kind: 'gte',
      left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
      right: 2,
    },
  },
  {
    ...base,
    id: 'unhappy-no-purchase',
    version: 3,
    rule: {
      kind: 'and',
      rules: [
        {
          kind: 'or',
          rules: [
            {
              kind: 'gte',
              left: { kind: 'count', eventType: 'service.incident', windowDays: 7 },
              right: 1,
            },
            {
              kind: 'gt',
              left: { kind: 'count', eventType: 'complaint.filed', windowDays: 3 },
              right: 0,
            },
          ],
        },
        {
          kind: 'not',
          rule: {
            kind: 'gte',
            left: { kind: 'count', eventType: 'purchase.completed', windowDays: 14 },
            right: 1,
          },
        },
      ],
    },
  },
  {
    ...base,
    id: 'loyal-caller',
    version: 1,
    rule: { kind: 'gte', left: { kind: 'count', eventType: 'call.completed' }, right: 3 },
  },
];

/** A distinct history: ids are unique, times spread over ~90 days with many on window edges. */
const historyArb = fc
  .array(
    fc.record({
      type: fc.constantFrom(...TYPES),
      // Whole and half days make exact window-edge collisions likely.
      atHalfDays: fc.integer({ min: 0, max: 180 }),
      jitterMs: fc.constantFrom(0, 0, 1, -1),
    }),
    { maxLength: 40 },
  )
  .map((drafts) =>
    drafts.map((d, i): AppliedEvent => ({
      eventId: `ev-${i}`,
      customerId: 'c-1',
      type: d.type,
      occurredAt: new Date(T0 + d.atHalfDays * (DAY / 2) + d.jitterMs + DAY).toISOString(),
    })),
  );

/** Delivery = the history shuffled, with some events delivered again (at any later point). */
const deliveryArb = historyArb.chain((history) =>
  fc
    .tuple(
      fc.shuffledSubarray(history, { minLength: history.length, maxLength: history.length }),
      fc.array(fc.nat(), { maxLength: 20 }),
      fc.array(fc.nat(), { maxLength: 20 }),
    )
    .map(([shuffled, dupPicks, dupPositions]) => {
      const delivery = [...shuffled];
      dupPicks.forEach((pick, i) => {
        if (history.length === 0) return;
        const event = history[pick % history.length]!;
        const firstAt = delivery.indexOf(event);
        const span = delivery.length - firstAt;
        delivery.splice(firstAt + 1 + ((dupPositions[i] ?? 0) % span), 0, event);
      });
      return { history, delivery };
    }),
);

describe('applyEvent (properties)', () => {
  it('incremental memberships equal a from-scratch recomputation over the deduplicated history', () => {
    fc.assert(
      fc.property(deliveryArb, ({ history, delivery }) => {
        let state: CustomerState | undefined;
        const flips = new Map<string, string[]>();
        const publishedIds = new Set<string>();
        for (const event of delivery) {
          const outcome = applyEvent(state, event, DEFINITIONS);
          state = outcome.newState;
          for (const change of outcome.changes) {
            // No event id is ever produced twice, and flips alternate entered/exited per segment.
            expect(publishedIds.has(change.eventId)).toBe(false);
            publishedIds.add(change.eventId);
            const seen = flips.get(change.segmentId) ?? [];
            expect(change.change).toBe(seen.length % 2 === 0 ? 'entered' : 'exited');
            flips.set(change.segmentId, [...seen, change.change]);
          }
        }
        const reference = recomputeFromHistory('c-1', history, DEFINITIONS);
        const incremental = Object.fromEntries(
          Object.entries(state?.memberships ?? {}).map(([id, m]) => [
            id,
            { definitionVersion: m.definitionVersion },
          ]),
        );
        expect(incremental).toEqual(reference.memberships);
        if (state) {
          expect(state.events).toEqual(reference.state.events);
          expect(state.totals).toEqual(reference.state.totals);
          expect(state.version).toBe(history.length);
          expect(state.lastEventAtMs).toBe(reference.state.lastEventAtMs);
        }
        // The published flips per segment end in the current membership.
        for (const [segmentId, seen] of flips) {
          expect(seen.at(-1) === 'entered').toBe(segmentId in (state?.memberships ?? {}));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('redelivering the whole stream again changes nothing', () => {
    fc.assert(
      fc.property(deliveryArb, ({ delivery }) => {
        let state: CustomerState | undefined;
        for (const event of delivery) state = applyEvent(state, event, DEFINITIONS).newState;
        const settled = state;
        for (const event of delivery) {
          const outcome = applyEvent(state, event, DEFINITIONS);
          expect(outcome.duplicate).toBe(true);
          expect(outcome.changes).toEqual([]);
          state = outcome.newState;
        }
        expect(state).toBe(settled);
      }),
      { numRuns: 200 },
    );
  });
});
