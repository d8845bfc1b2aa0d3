#!/usr/bin/env node
// Segment engine micro-benchmark (issue #4): a 100-segment catalog of the realistic mix, a
// population with a year of history, then applyContactEvent / reevaluateCustomer timed per call.
// Pure CPU, single core, no infrastructure: `npm run build && node bench/segmentation/engine-bench.js`
// Options: CUSTOMERS=20000 EVENTS=200000 SEED=7 (environment).
'use strict';
const path = require('node:path');
const seg = require(path.join(__dirname, '../../dist/libs/segmentation-domain/src/index.js'));

const CUSTOMERS = Number(process.env.CUSTOMERS ?? 20_000);
const EVENTS = Number(process.env.EVENTS ?? 200_000);
const DAY = 86_400_000;
// 22:00 UTC: the "midnight" phase below crosses into the next day.
const NOW = Date.parse('2026-11-25T22:00:00.000Z');

let seed = Number(process.env.SEED ?? 7);
const random = () => {
  // mulberry32: reproducible runs.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

// ---- catalog: 100 segments, generated from the kinds of conditions marketing writes ----------
const agg = (fn, event, window, extra = {}) => ({
  kind: 'aggregate',
  fn,
  event,
  ...extra,
  ...(window ? { window } : {}),
});
const spend = (fn, window) => agg(fn, 'purchase.completed', window, { field: 'amount' });
const cmp = (op, left, right) => ({ kind: 'compare', op, left, right });
const templates = [
  (i) =>
    cmp('>=', agg('count', 'complaint.filed', { days: pick([7, 14, 30, 60, 90]) }), 1 + (i % 3)),
  (i) =>
    cmp(
      '>=',
      agg(
        'count',
        'complaint.filed',
        { days: pick([30, 90]) },
        { where: { category: pick(['network', 'billing', 'service']) } },
      ),
      1 + (i % 2),
    ),
  (i) => ({
    kind: 'between',
    value: spend('sum', { days: pick([30, 90]) }),
    min: 50 * (i % 5),
    max: 200 + 100 * (i % 7),
  }),
  (i) => cmp('>=', spend('sum', { months: pick([3, 6, 12]) }), 100 + 50 * (i % 9)),
  (i) =>
    cmp(
      '<=',
      {
        kind: 'ratio',
        numerator: spend('sum', { months: 3 }),
        denominator: spend('sum', { months: 3, skipMonths: 3 }),
      },
      0.5 + 0.1 * (i % 4),
    ),
  () => cmp('>=', { kind: 'daysSince', event: 'purchase.completed' }, pick([30, 45, 60, 90])),
  () => ({
    kind: 'between',
    value: { kind: 'daysSince', event: 'complaint.filed', where: { severity: 'high' } },
    min: 1,
    max: pick([7, 14]),
  }),
  (i) =>
    cmp(
      '<=',
      { kind: 'latest', event: 'survey.answered', where: { scale: 'nps-0-10' }, field: 'score' },
      4 + (i % 3),
    ),
  (i) =>
    cmp(
      '<',
      agg(
        'avg',
        'survey.answered',
        { months: 12 },
        { where: { scale: 'nps-0-10' }, field: 'score' },
      ),
      6 + (i % 3),
    ),
  () => cmp('=', { kind: 'profile', attribute: 'tier' }, pick(['gold', 'silver', 'bronze'])),
  () => ({
    kind: 'in',
    value: { kind: 'profile', attribute: 'plan' },
    set: ['fibre-1g', 'fibre-500'],
  }),
  (i) =>
    cmp(
      '>=',
      { kind: 'quantile', table: 'monetary', value: spend('sum', { months: 12 }) },
      3 + (i % 3),
    ),
  (i) => ({
    kind: 'and',
    rules: [
      cmp('>=', agg('count', 'call.completed', { days: 30 }), 2 + (i % 3)),
      cmp('>=', agg('count', 'service.incident', { days: 7 }), 1),
    ],
  }),
  (i) => cmp('>', spend('max', { days: 30 }), 300 + 50 * (i % 5)),
  (i) =>
    cmp(
      '>=',
      agg('count', 'payment.recorded', { days: 90 }, { where: { status: 'late' } }),
      1 + (i % 2),
    ),
  (i) => ({
    kind: 'or',
    rules: [
      cmp('>=', agg('count', 'complaint.filed', { days: 30 }), 2),
      cmp(
        '>=',
        agg('sum', 'service.incident', { days: 30 }, { field: 'durationMinutes' }),
        60 + 30 * (i % 4),
      ),
    ],
  }),
];
const active = [];
for (let i = 0; i < 100; i++) {
  const id = `seg-${String(i).padStart(3, '0')}`;
  let json;
  if (i >= 85) {
    // inSegment combinations over earlier segments (a tenth or so of a real catalog).
    const a = `seg-${String(int(0, 40)).padStart(3, '0')}`;
    const b = `seg-${String(int(41, 84)).padStart(3, '0')}`;
    json =
      i % 2 === 0
        ? {
            kind: 'and',
            rules: [
              { kind: 'inSegment', segmentId: a },
              { kind: 'inSegment', segmentId: b },
            ],
          }
        : {
            kind: 'and',
            rules: [
              { kind: 'inSegment', segmentId: a },
              { kind: 'not', rule: { kind: 'inSegment', segmentId: b } },
            ],
          };
  } else {
    json = templates[i % templates.length](i);
  }
  active.push({
    id,
    version: 1,
    code: i + 1,
    name: id,
    strategy: `strategy-${i % 7}`,
    condition: seg.parseCondition(json),
  });
}
const quantiles = { monetary: [100, 300, 700, 1500] };
const catalog = seg.buildSegmentCatalog({ active, quantiles });

// ---- events ----------------------------------------------------------------------------------
let eventSeq = 0;
// Mix per event: purchases 30 %, calls 22 %, complaints 5 %, surveys 4 %, incidents 5 %,
// payments 20 %, message opens 14 % (the last match no tracked series).
function randomEvent(customerId, atMs) {
  const r = random();
  const base = { eventId: `e-${eventSeq++}`, customerId, occurredAt: new Date(atMs).toISOString() };
  if (r < 0.3)
    return {
      ...base,
      type: 'purchase.completed',
      payload: {
        amount: int(5, 400),
        currency: 'EUR',
        productId: 'p',
        quantity: 1,
        orderId: 'o',
        channel: 'web',
      },
    };
  if (r < 0.52)
    return {
      ...base,
      type: 'call.completed',
      payload: {
        direction: 'inbound',
        durationSeconds: int(30, 900),
        outcome: 'resolved',
        reason: 'x',
        agentId: 'a',
        signals: [],
      },
    };
  if (r < 0.57)
    return {
      ...base,
      type: 'complaint.filed',
      payload: {
        complaintId: 'c',
        category: pick(['network', 'billing', 'service']),
        severity: pick(['low', 'high']),
        channel: 'phone',
      },
    };
  if (r < 0.61)
    return {
      ...base,
      type: 'survey.answered',
      payload: {
        score: int(0, 10),
        scale: pick(['nps-0-10', 'csat-1-5']),
        surveyId: 's',
        channel: 'sms',
      },
    };
  if (r < 0.66)
    return {
      ...base,
      type: 'service.incident',
      payload: { kind: 'outage', durationMinutes: int(5, 240), incidentId: 'i' },
    };
  if (r < 0.86)
    return {
      ...base,
      type: 'payment.recorded',
      payload: {
        amount: 39.99,
        currency: 'EUR',
        status: pick(['paid', 'paid', 'late']),
        invoiceId: 'inv',
        dueDate: '2026-01-01',
        daysLate: 0,
      },
    };
  return { ...base, type: 'message.opened', payload: { messageId: 'm', channel: 'email' } };
}

// ---- population: a year of history each --------------------------------------------------------
const ids = Array.from({ length: CUSTOMERS }, (_, i) => `cust-${i}`);
const states = new Map();
const reevalTimes = new Float64Array(CUSTOMERS);
let t0 = process.hrtime.bigint();
let historyEvents = 0;
for (const [n, customerId] of ids.entries()) {
  let features;
  const count = int(10, 80);
  for (let k = 0; k < count; k++) {
    const event = randomEvent(customerId, NOW - 2 * DAY - int(0, 363) * DAY - int(0, DAY - 1));
    features = seg.applyEventToFeatures(features, event, catalog.spec, NOW - 2 * DAY).features;
    historyEvents++;
  }
  features = seg.applyProfileChangeToFeatures(
    features,
    {
      eventId: `p-${customerId}`,
      customerId,
      occurredAt: new Date(NOW - 300 * DAY).toISOString(),
      changes: [
        { field: '/tier', value: pick(['gold', 'silver', 'bronze']) },
        { field: '/plan', value: pick(['fibre-1g', 'fibre-500', 'mobile']) },
      ],
    },
    catalog.spec,
    NOW - 2 * DAY,
  ).features;
  const state = { ...seg.emptySegmentState(customerId), features };
  const start = process.hrtime.bigint();
  const outcome = seg.reevaluateCustomer(state, catalog, NOW - DAY, {
    eventId: `load-${customerId}`,
  });
  reevalTimes[n] = Number(process.hrtime.bigint() - start) / 1000;
  states.set(
    customerId,
    seg.withoutRecorded(outcome.state, new Set(outcome.changes.map((c) => c.eventId))),
  );
}
const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

// ---- timed phases ------------------------------------------------------------------------------
function runEvents(label, startMs, spanMs) {
  // Inputs are generated first, so the timed loop measures the engine only.
  const inputs = [];
  const lastOf = new Map();
  for (let k = 0; k < EVENTS; k++) {
    const customerId = ids[Math.floor(random() * CUSTOMERS)];
    const nowMs = startMs + Math.floor((k / EVENTS) * spanMs);
    // Mostly on time, a tenth late by up to three days, 1 % redelivered.
    const late = random() < 0.1 ? int(0, 3 * DAY) : int(0, 5000);
    const event = randomEvent(customerId, nowMs - late);
    const previous = lastOf.get(customerId);
    const redeliver = random() < 0.01 && previous !== undefined;
    inputs.push({ customerId, nowMs, event: redeliver ? previous : event });
    lastOf.set(customerId, event);
  }
  const times = new Float64Array(EVENTS);
  let changes = 0;
  let full = 0;
  let duplicates = 0;
  const quiet = [];
  const cpu = process.cpuUsage();
  for (let k = 0; k < EVENTS; k++) {
    const { customerId, nowMs, event } = inputs[k];
    const state = states.get(customerId);
    if (state.nextDueMs !== null && state.nextDueMs <= nowMs) full++;
    const start = process.hrtime.bigint();
    const outcome = seg.applyContactEvent(state, event, catalog, nowMs);
    times[k] = Number(process.hrtime.bigint() - start) / 1000;
    if (outcome.duplicate) duplicates++;
    if (outcome.changes.length === 0) {
      quiet.push(times[k]);
      states.set(customerId, outcome.state);
    } else {
      changes += outcome.changes.length;
      states.set(
        customerId,
        seg.withoutRecorded(outcome.state, new Set(outcome.changes.map((c) => c.eventId))),
      );
    }
  }
  const cpuUs = cpuSince(cpu) / EVENTS;
  const q = stats(Float64Array.from(quiet));
  return {
    label,
    ...stats(times),
    cpuUs,
    changes,
    full,
    duplicates,
    quiet: `${fmt(q.mean)} / ${fmt(q.p99)} (${Math.round((100 * quiet.length) / EVENTS)} %)`,
  };
}

function runTimers(label, nowMs) {
  const times = new Float64Array(CUSTOMERS);
  let changes = 0;
  const cpu = process.cpuUsage();
  for (const [n, customerId] of ids.entries()) {
    const start = process.hrtime.bigint();
    const outcome = seg.reevaluateCustomer(states.get(customerId), catalog, nowMs, {
      eventId: `timer-${customerId}-${nowMs}`,
    });
    times[n] = Number(process.hrtime.bigint() - start) / 1000;
    changes += outcome.changes.length;
    states.set(
      customerId,
      seg.withoutRecorded(outcome.state, new Set(outcome.changes.map((c) => c.eventId))),
    );
  }
  return { label, ...stats(times), cpuUs: cpuSince(cpu) / CUSTOMERS, changes, full: CUSTOMERS };
}

/** CPU time of this process since `from` (µs): robust to other load on a shared machine. */
function cpuSince(from) {
  const used = process.cpuUsage(from);
  return used.user + used.system;
}

function stats(times) {
  const sorted = Float64Array.from(times).sort();
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return {
    n: times.length,
    mean,
    p50: sorted[Math.floor(sorted.length * 0.5)],
    p99: sorted[Math.floor(sorted.length * 0.99)],
  };
}

// Warm-up on a throwaway copy of the population is not needed: the load phase already ran the code.
const rows = [];
rows.push({
  label: 'reevaluateCustomer (population load, cold)',
  ...stats(reevalTimes),
  changes: NaN,
  full: CUSTOMERS,
});
// At 10,000 events/s, 200k events span 20 s of clock.
rows.push(runEvents('applyContactEvent, clock +20 s (steady)', NOW, 20_000));
// Two hours across midnight: the first event of a customer after midnight finds its timer due.
rows.push(
  runEvents('applyContactEvent, clock 23:00→01:00 (midnight)', NOW + 3_600_000, 2 * 3_600_000),
);
rows.push(runTimers('reevaluateCustomer (timer / catalog change)', NOW + 3 * DAY));

// Sanity: engine memberships equal the interpreter's over a sample.
let mismatches = 0;
const segments = active.map((s) => ({ id: s.id, condition: s.condition }));
for (const customerId of ids.slice(0, 200)) {
  const state = states.get(customerId);
  const outcomes = seg.evaluateSegments(segments, {
    reader: seg.featuresReader(state.features),
    nowMs: NOW + 3 * DAY,
    quantiles,
  });
  for (const s of active)
    if (outcomes.get(s.id).matched !== (state.memberships[s.id] !== undefined)) mismatches++;
}

// The interpreter this replaces: all 100 segments + the set's next time change, per event.
const interp = new Float64Array(Math.min(500, CUSTOMERS));
for (let k = 0; k < interp.length; k++) {
  const state = states.get(ids[k]);
  const start = process.hrtime.bigint();
  const reader = seg.featuresReader(state.features);
  const outcomes = seg.evaluateSegments(segments, { reader, nowMs: NOW + 3 * DAY, quantiles });
  seg.nextTimeChangeOfSet(
    state.features,
    active.map((s) => s.condition),
    NOW + 3 * DAY,
    { quantiles, isMember: (id) => outcomes.get(id)?.matched ?? false },
  );
  interp[k] = Number(process.hrtime.bigint() - start) / 1000;
}
rows.push({
  label: 'interpreter: evaluateSegments + nextTimeChangeOfSet (before)',
  ...stats(interp),
  changes: NaN,
  full: interp.length,
});

function fmt(x) {
  return Number.isNaN(x) ? '–' : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en');
}
console.log(
  `\n${CUSTOMERS.toLocaleString('en')} customers, ${historyEvents.toLocaleString('en')} history events (load ${loadSeconds.toFixed(1)} s), ${active.length} segments, ${Object.keys(catalog.spec.series).length} series, node ${process.version}\n`,
);
console.log(
  '| Operation | calls | CPU µs/call | wall mean µs | p50 µs | p99 µs | calls/s (1 core, CPU) | changes | full evaluations | no-flip calls: mean / p99 µs (share) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.n.toLocaleString('en')} | ${r.cpuUs === undefined ? '–' : fmt(r.cpuUs)} | ${fmt(r.mean)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${Math.round(1e6 / (r.cpuUs ?? r.mean)).toLocaleString('en')} | ${fmt(r.changes)} | ${r.full.toLocaleString('en')} | ${r.quiet ?? '–'} |`,
  );
}
console.log(
  `\nLoad average during the run: ${require('node:os')
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(
      ' ',
    )} on ${require('node:os').cpus().length} cores (wall-clock figures include time descheduled).`,
);
console.log(
  `Sample check (200 customers × ${active.length} segments vs the interpreter): ${mismatches} mismatches.`,
);
if (mismatches > 0) process.exitCode = 1;
