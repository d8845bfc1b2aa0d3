import { emptyCustomerFeatures, type CustomerFeatures } from '../features/customer-features';
import { applyEventToFeatures, applyProfileChangeToFeatures } from '../features/apply-to-features';
import { featuresReader } from '../features/features-reader';
import { featureSpecFor } from './condition-requirements';
import { evaluateCondition, type EvaluationContext } from './evaluate-condition';
import type { Condition } from './segment-condition.schema';
import { parseCondition } from './validate-condition';

const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const DAY = 86_400_000;

interface Draft {
  type: string;
  daysAgo: number;
  payload?: object;
}

/** Evaluates `json` against features built from `drafts` (through the incremental path). */
function run(
  json: unknown,
  drafts: Draft[],
  { tier, ...extra }: Partial<EvaluationContext> & { tier?: string } = {},
) {
  const condition: Condition = parseCondition(json);
  const spec = featureSpecFor([condition]);
  let features: CustomerFeatures | undefined;
  drafts.forEach((d, i) => {
    features = applyEventToFeatures(
      features,
      {
        eventId: `e${i}`,
        customerId: 'c',
        type: d.type,
        occurredAt: new Date(NOW - d.daysAgo * DAY).toISOString(),
        payload: d.payload ?? {},
      },
      spec,
      NOW,
    ).features;
  });
  if (tier !== undefined) {
    features = applyProfileChangeToFeatures(
      features,
      {
        eventId: 'p',
        customerId: 'c',
        occurredAt: new Date(NOW).toISOString(),
        changes: [{ field: '/tier', value: tier }],
      },
      spec,
      NOW,
    ).features;
  }
  const reader = featuresReader(features ?? emptyCustomerFeatures('c'));
  return evaluateCondition(condition, { reader, nowMs: NOW, ...extra });
}

const complaints = (op: string, right: unknown, where?: object) => ({
  kind: 'compare',
  op,
  left: {
    kind: 'aggregate',
    fn: 'count',
    event: 'complaint.filed',
    window: { days: 30 },
    ...(where ? { where } : {}),
  },
  right,
});
const complaint = (daysAgo: number, category = 'network'): Draft => ({
  type: 'complaint.filed',
  daysAgo,
  payload: { complaintId: 'x', category, severity: 'high' },
});
const purchase = (daysAgo: number, amount: number): Draft => ({
  type: 'purchase.completed',
  daysAgo,
  payload: { amount, currency: 'EUR', productId: 'p' },
});
const amount = (fn: string, window?: object) => ({
  kind: 'aggregate',
  fn,
  event: 'purchase.completed',
  field: 'amount',
  ...(window ? { window } : {}),
});

describe('evaluateCondition', () => {
  it.each([
    ['>=', 2, true, '≥'],
    ['>=', 3, false, '<'],
    ['>', 1, true, '>'],
    ['>', 2, false, '≤'],
    ['<=', 2, true, '≤'],
    ['<', 2, false, '≥'],
    ['=', 2, true, '='],
    ['!=', 2, false, '='],
  ])('compare count %s %d → %s', (op, right, matched, symbol) => {
    const outcome = run(complaints(op, right), [complaint(1), complaint(29), complaint(30)]);
    expect(outcome).toEqual({
      matched,
      summary: `count(complaint.filed,30d) = 2 ${symbol} ${right}`,
      values: { 'count(complaint.filed,30d)': 2 },
    });
  });

  it('counts only events matching the filter', () => {
    const drafts = [complaint(1, 'network'), complaint(2, 'billing'), complaint(3, 'staff')];
    expect(run(complaints('=', 2, { category: ['network', 'billing'] }), drafts)).toMatchObject({
      matched: true,
      values: { 'count(complaint.filed[category=network|billing],30d)': 2 },
    });
    expect(run(complaints('=', 1, { category: 'staff' }), drafts).matched).toBe(true);
  });

  it('sums, averages and takes min/max of a measure over a day window', () => {
    const drafts = [purchase(1, 10.1), purchase(5, 20.2), purchase(40, 1000)];
    const values = (fn: string) =>
      run({ kind: 'compare', op: '>', left: amount(fn, { days: 30 }), right: 0 }, drafts).values;
    expect(values('sum')).toEqual({ 'sum(purchase.completed.amount,30d)': 30.3 });
    expect(values('avg')).toEqual({ 'avg(purchase.completed.amount,30d)': 15.15 });
    expect(values('min')).toEqual({ 'min(purchase.completed.amount,30d)': 10.1 });
    expect(values('max')).toEqual({ 'max(purchase.completed.amount,30d)': 20.2 });
  });

  it('avg/min/max of no events are null and satisfy no comparison', () => {
    const outcome = run(
      { kind: 'compare', op: '<', left: amount('avg', { days: 7 }), right: 100 },
      [purchase(10, 5)],
    );
    expect(outcome).toMatchObject({
      matched: false,
      values: { 'avg(purchase.completed.amount,7d)': null },
    });
    expect(outcome.summary).toBe('not (avg(purchase.completed.amount,7d) = null < 100)');
  });

  it('compares the last 3 complete months with the 3 before (ratio trend)', () => {
    // NOW is mid-June: last 3 complete months = Mar–May, the 3 before = Dec–Feb.
    const drafts = [purchase(130, 100), purchase(160, 100), purchase(40, 60), purchase(5, 999)];
    const trend = {
      kind: 'compare',
      op: '<=',
      left: {
        kind: 'ratio',
        numerator: amount('sum', { months: 3 }),
        denominator: amount('sum', { months: 3, skipMonths: 3 }),
      },
      right: 0.7,
    };
    expect(run(trend, drafts)).toEqual({
      matched: true,
      summary:
        'ratio(sum(purchase.completed.amount,3m),sum(purchase.completed.amount,3m+3)) = 0.3 ≤ 0.7',
      values: {
        'sum(purchase.completed.amount,3m)': 60,
        'sum(purchase.completed.amount,3m+3)': 200,
        'ratio(sum(purchase.completed.amount,3m),sum(purchase.completed.amount,3m+3))': 0.3,
      },
    });
    // No spend before: the ratio is undefined (null), not a drop.
    expect(run(trend, [purchase(40, 60)]).matched).toBe(false);
  });

  it('reads the latest measure and all-time aggregates', () => {
    const survey = (daysAgo: number, score: number): Draft => ({
      type: 'survey.answered',
      daysAgo,
      payload: { score, scale: 'nps-0-10' },
    });
    const latest = {
      kind: 'compare',
      op: '<=',
      left: { kind: 'latest', event: 'survey.answered', field: 'score' },
      right: 6,
    };
    expect(run(latest, [survey(1, 4), survey(300, 9)]).matched).toBe(true);
    expect(run(latest, [survey(1, 9), survey(2, 4)]).matched).toBe(false);
    expect(run({ ...latest, left: { ...amount('sum') } }, [purchase(900, 6)]).matched).toBe(true);
  });

  it('measures recency in whole days; never = null', () => {
    const lapsed = {
      kind: 'compare',
      op: '>=',
      left: { kind: 'daysSince', event: 'purchase.completed' },
      right: 60,
    };
    expect(run(lapsed, [purchase(60, 1)])).toMatchObject({
      matched: true,
      values: { 'daysSince(purchase.completed)': 60 },
    });
    expect(run(lapsed, [purchase(59.9, 1)]).matched).toBe(false);
    expect(run(lapsed, [])).toMatchObject({
      matched: false,
      values: { 'daysSince(purchase.completed)': null },
    });
  });

  it('compares profile attributes as strings', () => {
    const gold = {
      kind: 'compare',
      op: '=',
      left: { kind: 'profile', attribute: 'tier' },
      right: 'gold',
    };
    expect(run(gold, [], { tier: 'gold' })).toEqual({
      matched: true,
      summary: 'profile(tier) = "gold" = "gold"',
      values: { 'profile(tier)': 'gold' },
    });
    expect(run(gold, [], { tier: 'silver' }).matched).toBe(false);
    expect(run(gold, []).matched).toBe(false);
  });

  it('ranks a value in a named quantile table; a missing table gives null', () => {
    const top = {
      kind: 'compare',
      op: '=',
      left: { kind: 'quantile', table: 'monetary', value: amount('sum', { days: 365 }) },
      right: 5,
    };
    const quantiles = { monetary: [10, 20, 30, 40] };
    expect(run(top, [purchase(3, 40)], { quantiles })).toMatchObject({
      matched: true,
      values: { 'quantile(monetary,sum(purchase.completed.amount,365d))': 5 },
    });
    expect(run(top, [purchase(3, 39.99)], { quantiles }).matched).toBe(false);
    expect(run(top, [purchase(3, 40)]).values).toMatchObject({
      'quantile(monetary,sum(purchase.completed.amount,365d))': null,
    });
  });

  it('in and between', () => {
    const count = { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 7 } };
    expect(run({ kind: 'in', value: count, set: [1, 3] }, [complaint(1)])).toEqual({
      matched: true,
      summary: 'count(complaint.filed,7d) = 1 in [1, 3]',
      values: { 'count(complaint.filed,7d)': 1 },
    });
    expect(run({ kind: 'in', value: count, set: [1, 3] }, []).summary).toBe(
      'count(complaint.filed,7d) = 0 not in [1, 3]',
    );
    const between = { kind: 'between', value: count, min: 1, max: 2 };
    expect(run(between, [complaint(1), complaint(2)]).matched).toBe(true);
    expect(run(between, [complaint(1), complaint(2), complaint(3)])).toMatchObject({
      matched: false,
      summary: 'count(complaint.filed,7d) = 3 not in [1, 2]',
    });
  });

  it('asks the context for other segments', () => {
    const ref = { kind: 'inSegment', segmentId: 'vip' };
    expect(run(ref, [], { isMember: (id) => id === 'vip' })).toEqual({
      matched: true,
      summary: 'member of vip',
      values: { 'segment(vip)': true },
    });
    expect(run(ref, []).matched).toBe(false);
  });

  it('reports only the values that decided and/or/not', () => {
    const rule = {
      kind: 'and',
      rules: [
        complaints('>=', 1),
        {
          kind: 'not',
          rule: { kind: 'compare', op: '>', left: amount('sum', { days: 30 }), right: 0 },
        },
      ],
    };
    // One complaint but a purchase: the `not` branch alone decided the miss.
    expect(run(rule, [complaint(1), purchase(1, 5)])).toEqual({
      matched: false,
      summary: 'not (sum(purchase.completed.amount,30d) = 5 > 0)',
      values: { 'sum(purchase.completed.amount,30d)': 5 },
    });
    const both = run(rule, [complaint(1)]);
    expect(both.matched).toBe(true);
    expect(Object.keys(both.values).sort()).toEqual([
      'count(complaint.filed,30d)',
      'sum(purchase.completed.amount,30d)',
    ]);
    const either = run({ kind: 'or', rules: rule.rules }, [complaint(1), purchase(1, 5)]);
    expect(either.values).toEqual({ 'count(complaint.filed,30d)': 1 });
  });

  it('evaluates the seeded first-form rule through its translation', () => {
    const seeded = {
      kind: 'gte',
      left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
      right: 2,
    };
    expect(run(seeded, [complaint(0), complaint(29)]).matched).toBe(true);
    expect(run(seeded, [complaint(0), complaint(30)]).matched).toBe(false);
  });
});
