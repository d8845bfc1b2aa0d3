import fc from 'fast-check';
import {
  applyEventToFeatures,
  applyProfileChangeToFeatures,
} from '../../features/apply-to-features';
import type { CustomerFeatures } from '../../features/customer-features';
import { FeatureSpecBuilder } from '../../features/feature-spec';
import { featuresReader } from '../../features/features-reader';
import { featureSpecFor } from '../../language/condition-requirements';
import { evaluateCondition } from '../../language/evaluate-condition';
import { nextTimeChange } from '../../language/next-time-change';
import { parseCondition } from '../../language/validate-condition';
import { compileCondition } from './compile-condition';
import { Probe } from './probe';

/**
 * The compiled predicate is the interpreter: on random conditions and random features, `test`
 * equals `evaluateCondition(...).matched` and `nextChange` equals `nextTimeChange`, exactly.
 */

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-01T00:00:00.000Z');
const QUANTILES = { monetary: [50, 150, 400, 900] };

const dayWindow = fc.constantFrom(1, 7, 30, 90).map((days) => ({ days }));
const monthWindow = fc
  .record({ months: fc.constantFrom(1, 2, 3), skipMonths: fc.constantFrom(0, 1, 3) })
  .map(({ months, skipMonths }) => (skipMonths ? { months, skipMonths } : { months }));

const expression: fc.Arbitrary<object> = fc.oneof(
  fc.record({
    kind: fc.constant('aggregate'),
    fn: fc.constantFrom('count', 'sum', 'avg'),
    event: fc.constant('purchase.completed'),
    field: fc.constant('amount'),
    window: fc.oneof(dayWindow, monthWindow),
  }),
  fc.record({
    kind: fc.constant('aggregate'),
    fn: fc.constantFrom('min', 'max', 'count'),
    event: fc.constant('purchase.completed'),
    field: fc.constant('amount'),
    window: dayWindow,
  }),
  fc.record({
    kind: fc.constant('aggregate'),
    fn: fc.constant('count'),
    event: fc.constant('complaint.filed'),
    where: fc.constantFrom({ category: 'network' }, { category: ['billing', 'service'] }),
    window: fc.oneof(dayWindow, monthWindow),
  }),
  fc.constant({ kind: 'aggregate', fn: 'count', event: 'complaint.filed' }),
  fc.constant({ kind: 'latest', event: 'survey.answered', field: 'score' }),
  fc.constantFrom(
    { kind: 'daysSince', event: 'purchase.completed' },
    { kind: 'daysSince', event: 'complaint.filed', where: { severity: 'high' } },
  ),
  fc.constant({ kind: 'profile', attribute: 'tier' }),
);

const numeric: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: expression },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('ratio'),
      numerator: expression,
      denominator: expression,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('quantile'),
      table: fc.constant('monetary'),
      value: expression,
    }),
  },
);
const literal = fc.constantFrom(0, 1, 2, 2.5, 5, 7, 30, 60, 100, 400, 0.7, 'gold', true);

const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('compare'),
      op: fc.constantFrom('=', '!=', '<', '<=', '>', '>='),
      left: numeric,
      right: fc.oneof(literal, numeric),
    }),
    fc.record({
      kind: fc.constant('in'),
      value: numeric,
      set: fc.array(literal, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant('between'),
      value: numeric,
      min: fc.oneof(literal, numeric),
      max: fc.oneof(literal, numeric),
    }),
    fc.record({ kind: fc.constant('inSegment'), segmentId: fc.constantFrom('a', 'b') }),
    fc.record({ kind: fc.constant('not'), rule: tie('condition') }),
    fc.record({
      kind: fc.constantFrom('and', 'or'),
      rules: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }),
    }),
  ),
}));

const eventArb = fc.record({
  type: fc.constantFrom('purchase.completed', 'complaint.filed', 'survey.answered'),
  amount: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0.01, 4.99, 400)),
  category: fc.constantFrom('network', 'billing', 'service'),
  severity: fc.constantFrom('low', 'high'),
  daysAgo: fc.oneof(fc.integer({ min: -1, max: 200 }), fc.constantFrom(0, 30, 59, 60)),
  jitterMs: fc.constantFrom(0, 1, -1, 3_600_000),
});

describe('compileCondition (property)', () => {
  it('equals evaluateCondition and nextTimeChange on random conditions and features', () => {
    fc.assert(
      fc.property(
        condition,
        fc.array(eventArb, { maxLength: 25 }),
        fc.constantFrom('gold', 'silver', null),
        fc.record({ a: fc.boolean(), b: fc.boolean() }),
        fc.integer({ min: 0, max: 40 * DAY }),
        (json, events, tier, members, offset) => {
          const parsed = parseCondition(json);
          const spec = featureSpecFor([parsed], new FeatureSpecBuilder(64).needProfile('tier'));
          const nowMs = NOW + offset;
          let features: CustomerFeatures | undefined;
          events.forEach((e, i) => {
            const payload =
              e.type === 'purchase.completed'
                ? { amount: e.amount }
                : e.type === 'complaint.filed'
                  ? { category: e.category, severity: e.severity }
                  : { score: Math.round(e.amount) % 11 };
            const occurredAt = new Date(nowMs - e.daysAgo * DAY + e.jitterMs).toISOString();
            features = applyEventToFeatures(
              features,
              { eventId: `e${i}`, customerId: 'c', type: e.type, occurredAt, payload },
              spec,
              nowMs,
            ).features;
          });
          features = applyProfileChangeToFeatures(
            features,
            {
              eventId: 'p',
              customerId: 'c',
              occurredAt: new Date(NOW).toISOString(),
              changes: [{ field: '/tier', value: tier }],
            },
            spec,
            nowMs,
          ).features;
          const isMember = (id: string) => members[id as 'a' | 'b'];
          const compiled = compileCondition(parsed);
          const probe = new Probe(features, nowMs, QUANTILES, isMember);
          const expected = evaluateCondition(parsed, {
            reader: featuresReader(features),
            nowMs,
            quantiles: QUANTILES,
            isMember,
          });
          expect(compiled.test(probe)).toBe(expected.matched);
          expect(compiled.nextChange(probe)).toBe(
            nextTimeChange(features, parsed, nowMs, { quantiles: QUANTILES, isMember }),
          );
        },
      ),
      { numRuns: 1500 },
    );
  }, 120_000);
});
