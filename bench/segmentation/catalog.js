'use strict';
// The benchmark's 100 active segment definitions: every built-in model pack except RFM (37
// definitions: value-tier 4, relationship-distance 4, value-satisfaction 4, credit-grade 4,
// loyalty-type 6, insurance-grade 8, lifecycle-stage 7), plus 63 generated `bench.*` definitions
// of the kinds marketing writes: windowed counts/sums/max/avg with event filters, day and month
// windows, quarter-on-quarter spend trends (ratio of windows), recency, latest score, profile
// attributes, population quantiles (the RFM tables) and combinations, including `inSegment`.
// RFM's 125 cells alone exceed 100, so the pack is left out; its quantile tables are read by
// generated segments instead. Deterministic: the same list every run.

const agg = (fn, event, window, extra = {}) => ({
  kind: 'aggregate',
  fn,
  event,
  ...extra,
  ...(window ? { window } : {}),
});
const spend = (fn, window) => agg(fn, 'purchase.completed', window, { field: 'amount' });
const cmp = (op, left, right) => ({ kind: 'compare', op, left, right });
const NPS = { scale: 'nps-0-10' };
const trend = (months) => ({
  kind: 'ratio',
  numerator: spend('sum', { months }),
  denominator: spend('sum', { months, skipMonths: months }),
});

/** 63 generated conditions: [key, kind label, condition]. */
function generated() {
  const out = [];
  const add = (key, kind, condition) => out.push({ key, kind, condition });
  // Windowed counts with and without event filters (day windows).
  for (const days of [7, 14, 30, 60, 90])
    for (const n of [1, 2])
      add(
        `complaints-${days}d-ge${n}`,
        'windowed count',
        cmp('>=', agg('count', 'complaint.filed', { days }), n),
      );
  for (const category of ['network', 'billing', 'service'])
    add(
      `complaints-${category}-30d`,
      'windowed count + filter',
      cmp('>=', agg('count', 'complaint.filed', { days: 30 }, { where: { category } }), 1),
    );
  add(
    'complaints-high-7d',
    'windowed count + filter',
    cmp('>=', agg('count', 'complaint.filed', { days: 7 }, { where: { severity: 'high' } }), 1),
  );
  for (const n of [2, 4])
    add(
      `calls-30d-ge${n}`,
      'windowed count',
      cmp('>=', agg('count', 'call.completed', { days: 30 }), n),
    );
  add(
    'calls-inbound-7d',
    'windowed count + filter',
    cmp('>=', agg('count', 'call.completed', { days: 7 }, { where: { direction: 'inbound' } }), 1),
  );
  for (const n of [1, 2])
    add(
      `incidents-7d-ge${n}`,
      'windowed count',
      cmp('>=', agg('count', 'service.incident', { days: 7 }), n),
    );
  for (const minutes of [60, 180])
    add(
      `outage-minutes-30d-ge${minutes}`,
      'windowed sum',
      cmp(
        '>=',
        agg('sum', 'service.incident', { days: 30 }, { field: 'durationMinutes' }),
        minutes,
      ),
    );
  for (const n of [1, 2])
    add(
      `late-payments-90d-ge${n}`,
      'windowed count + filter',
      cmp('>=', agg('count', 'payment.recorded', { days: 90 }, { where: { status: 'late' } }), n),
    );
  // Spend: day and month windows, bands, max, trends.
  for (const [days, min] of [
    [7, 1],
    [30, 50],
    [30, 200],
    [90, 100],
    [90, 500],
  ])
    add(`spend-${days}d-ge${min}`, 'windowed sum', cmp('>=', spend('sum', { days }), min));
  for (const [months, min] of [
    [3, 100],
    [6, 300],
    [12, 500],
    [12, 2000],
  ])
    add(
      `spend-${months}m-ge${min}`,
      'windowed sum (months)',
      cmp('>=', spend('sum', { months }), min),
    );
  for (const [min, max] of [
    [20, 100],
    [100, 400],
  ])
    add(`spend-30d-${min}-${max}`, 'between', {
      kind: 'between',
      value: spend('sum', { days: 30 }),
      min,
      max,
    });
  for (const min of [100, 300])
    add(`big-ticket-30d-${min}`, 'windowed max', cmp('>', spend('max', { days: 30 }), min));
  for (const [months, op, bound] of [
    [3, '<=', 0.5],
    [3, '<=', 0.8],
    [3, '>=', 1.5],
    [1, '<=', 0.5],
    [1, '>=', 2],
  ])
    add(
      `spend-trend-${months}m-${op === '<=' ? 'down' : 'up'}-${String(bound).replace('.', '_')}`,
      'trend (ratio of windows)',
      cmp(op, trend(months), bound),
    );
  // Recency.
  for (const days of [7, 30, 60, 90, 180])
    add(
      `no-purchase-${days}d`,
      'recency',
      cmp('>=', { kind: 'daysSince', event: 'purchase.completed' }, days),
    );
  add('recent-high-complaint', 'recency + filter', {
    kind: 'between',
    value: { kind: 'daysSince', event: 'complaint.filed', where: { severity: 'high' } },
    min: 0,
    max: 14,
  });
  // Satisfaction.
  for (const max of [4, 6])
    add(
      `nps-latest-le${max}`,
      'latest',
      cmp('<=', { kind: 'latest', event: 'survey.answered', where: NPS, field: 'score' }, max),
    );
  add(
    'nps-latest-promoter',
    'latest',
    cmp('>=', { kind: 'latest', event: 'survey.answered', where: NPS, field: 'score' }, 9),
  );
  for (const max of [6, 7])
    add(
      `nps-avg-12m-lt${max}`,
      'windowed avg (months)',
      cmp('<', agg('avg', 'survey.answered', { months: 12 }, { where: NPS, field: 'score' }), max),
    );
  // Profile attributes.
  add('organisations', 'profile', cmp('=', { kind: 'profile', attribute: 'kind' }, 'organisation'));
  add('prefers-digital', 'profile', {
    kind: 'in',
    value: { kind: 'profile', attribute: 'preferences/channel' },
    set: ['email', 'push', 'in-app'],
  });
  // Population quantiles (the RFM tables, recomputed by the service).
  for (const rank of [4, 5])
    add(
      `monetary-q${rank}-plus`,
      'quantile',
      cmp(
        '>=',
        { kind: 'quantile', table: 'rfm.monetary', value: spend('sum', { months: 12 }) },
        rank,
      ),
    );
  add(
    'recency-q1',
    'quantile',
    cmp(
      '=',
      {
        kind: 'quantile',
        table: 'rfm.recency',
        value: { kind: 'daysSince', event: 'purchase.completed' },
      },
      1,
    ),
  );
  // Combinations.
  add('unhappy-and-incidents', 'and', {
    kind: 'and',
    rules: [
      cmp('>=', agg('count', 'call.completed', { days: 30 }), 2),
      cmp('>=', agg('count', 'service.incident', { days: 7 }), 1),
    ],
  });
  add('complaint-or-outage', 'or', {
    kind: 'or',
    rules: [
      cmp('>=', agg('count', 'complaint.filed', { days: 30 }), 2),
      cmp('>=', agg('sum', 'service.incident', { days: 30 }, { field: 'durationMinutes' }), 120),
    ],
  });
  add('valuable-at-risk', 'inSegment + trend', {
    kind: 'and',
    rules: [{ kind: 'inSegment', segmentId: 'bench.monetary-q4-plus' }, cmp('<=', trend(3), 0.5)],
  });
  add('valuable-complaining', 'inSegment', {
    kind: 'and',
    rules: [
      { kind: 'inSegment', segmentId: 'bench.monetary-q4-plus' },
      { kind: 'inSegment', segmentId: 'bench.complaints-30d-ge1' },
    ],
  });
  add('quiet-buyers', 'inSegment + not', {
    kind: 'and',
    rules: [
      { kind: 'inSegment', segmentId: 'bench.spend-90d-ge100' },
      { kind: 'not', rule: { kind: 'inSegment', segmentId: 'bench.calls-30d-ge2' } },
    ],
  });
  add('detractor-complaining', 'inSegment', {
    kind: 'and',
    rules: [
      { kind: 'inSegment', segmentId: 'bench.nps-latest-le6' },
      { kind: 'inSegment', segmentId: 'bench.complaints-90d-ge1' },
    ],
  });
  return out;
}

/** The segment whose threshold the re-evaluation phase changes (a new version, activated). */
const EDITED_SEGMENT = 'bench.complaints-30d-ge2';

/**
 * @param {object} seg  dist/libs/segmentation-domain
 * @returns {{ definitions: Array<{id,name,description,owner,strategy,condition,pack,kind}>, edited: string, editedCondition: object }}
 */
function benchDefinitions(seg) {
  const packs = seg
    .builtInDefinitions()
    .filter((d) => d.pack !== 'rfm')
    .map((d) => ({ ...d, kind: `pack ${d.pack}` }));
  const generatedDefs = generated().map(({ key, kind, condition }, i) => ({
    id: `bench.${key}`,
    name: `Bench ${key}`,
    description: `Generated benchmark segment (${kind})`,
    owner: 'bench',
    strategy: `bench strategy ${i % 7}`,
    condition,
    pack: null,
    kind,
  }));
  const definitions = [...packs, ...generatedDefs];
  const editedCondition = cmp('>=', agg('count', 'complaint.filed', { days: 30 }), 3);
  return { definitions, edited: EDITED_SEGMENT, editedCondition };
}

module.exports = { benchDefinitions };
