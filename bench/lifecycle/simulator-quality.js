'use strict';
// Simulator quality, OFFLINE: a seeded population from @cip/simulator (dist/) is driven through the
// lifecycle domain's own use cases in-process (WatchContactEventsUseCase for every contact event,
// FireDueTimersUseCase for absence timers, the built-in catalog, InMemoryTriggerState and
// InMemoryCooldown: the reference adapters with the Postgres/Redis semantics), with a clock that
// follows the event times. Every piece of trigger state (cooldowns, event counts, timers) is per
// customer, so each customer's stream is evaluated on its own, in time order, which gives the same
// firings as one global time-ordered stream. Segment-driven triggers (value-churn,
// repeated-complaints, acquisition, add-on) need segmentation's memberships and are NOT evaluated.
// Then the alerts are scored against the simulator's ground truth (who leaves, when, why).
//
// Run alone: node bench/lifecycle/simulator-quality.js [customers] [months]
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const DAY_MS = 86_400_000;
/** An alert "predicts" a churn that happens within this horizon after it. */
const HORIZON_DAYS = 90;
/** The target: alerted at least this long before leaving. */
const MIN_LEAD_DAYS = 14;
/** Fixed window end: the same population and the same figures on every day. */
const WINDOW_END = new Date('2026-11-01T00:00:00Z');

function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const round = (v, d = 1) =>
  v === null || v === undefined ? null : Math.round(v * 10 ** d) / 10 ** d;
const share = (a, b) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

async function evaluateCustomer(domain, definitions, events, windowEnd) {
  const state = new domain.InMemoryTriggerState();
  const cooldown = new domain.InMemoryCooldown();
  const fired = [];
  let nowMs = 0;
  const clock = { now: () => new Date(nowMs) };
  const publisher = { publish: async (f) => void fired.push(...f) };
  const source = { get: async () => definitions };
  const contacts = new domain.WatchContactEventsUseCase({
    processed: state,
    recorder: state,
    counts: state,
    definitions: source,
    cooldown,
    publisher,
    clock,
  });
  const timers = new domain.FireDueTimersUseCase({
    store: state,
    definitions: source,
    cooldown,
    publisher,
    clock,
  });
  const advanceTo = async (ms) => {
    nowMs = Math.max(nowMs, ms);
    if (state.timers.size === 0) return;
    while ((await timers.tick()) > 0) {
      // drain every timer due by now
    }
  };
  let count = 0;
  for (const event of events) {
    count += 1;
    await advanceTo(Date.parse(event.occurredAt));
    await contacts.execute(event);
  }
  await advanceTo(windowEnd);
  return { fired, count };
}

async function runSimulatorQuality({
  customers = 10_000,
  months = 12,
  seed = 42,
  log = console.log,
} = {}) {
  const sim = require(path.join(root, 'dist/libs/simulator/src/index.js'));
  const domain = require(path.join(root, 'dist/libs/lifecycle-domain/src/index.js'));
  const definitions = domain.BUILT_IN_TRIGGERS.map(domain.toTriggerDefinition);
  const evaluated = definitions
    .filter((d) => !d.condition.kind.startsWith('segment-'))
    .map((d) => d.id);
  const skipped = definitions
    .filter((d) => d.condition.kind.startsWith('segment-'))
    .map((d) => d.id);
  const window = sim.windowEndingAt(WINDOW_END, months);
  const settings = { seed, config: sim.DEFAULT_SIMULATION_CONFIG, window };

  const started = performance.now();
  let events = 0;
  const perTrigger = new Map();
  const trig = (id) => {
    let t = perTrigger.get(id);
    if (!t) {
      t = {
        fired: 0,
        customers: new Set(),
        followedByChurn: 0,
        churnersCaught14d: 0,
        attrition: false,
      };
      perTrigger.set(id, t);
    }
    return t;
  };
  const totals = {
    customers: 0,
    quantityChurners: 0,
    quantityChurnersInWindow: 0,
    evaluableChurners: 0,
    valueChurners: 0,
    churnedWithinHorizon: 0,
    alertedCustomers: 0,
    falseAlertedCustomers: 0,
    attritionAlerts: 0,
    attritionAlertsFollowedByChurn: 0,
    caught14d: 0,
    caughtAnyBefore: 0,
    leads: [],
    leads14: [],
  };
  const byCause = new Map();

  for (let i = 0; i < customers; i++) {
    const customer = sim.simulateCustomer(settings, i);
    const { fired, count } = await evaluateCustomer(
      domain,
      definitions,
      customer.events(),
      window.end,
    );
    events += count;
    totals.customers += 1;
    const churn = customer.truth.churn;
    const churnAt = churn ? churn.at : null;
    const quantity = churn?.kind === 'quantity';
    if (quantity) totals.quantityChurners += 1;
    if (quantity && churnAt < window.end) totals.quantityChurnersInWindow += 1;
    if (churn?.kind === 'value') totals.valueChurners += 1;
    if (churn) totals.churnedWithinHorizon += 1;
    // Churn (quantity or value) within the horizon after an alert makes that alert a true one.
    const followed = (at) =>
      churnAt !== null && churnAt >= at && churnAt - at <= HORIZON_DAYS * DAY_MS;

    const attrition = fired.filter((f) => f.alert);
    for (const f of fired) {
      const t = trig(f.triggerId);
      t.fired += 1;
      t.customers.add(i);
      t.attrition = Boolean(f.alert);
      if (followed(f.raisedAt.getTime())) t.followedByChurn += 1;
    }
    if (attrition.length > 0) {
      totals.alertedCustomers += 1;
      totals.attritionAlerts += attrition.length;
      const trueOnes = attrition.filter((f) => followed(f.raisedAt.getTime())).length;
      totals.attritionAlertsFollowedByChurn += trueOnes;
      if (trueOnes === 0) totals.falseAlertedCustomers += 1;
    }

    // Recall and lead time: quantity churners that leave inside the window, at least HORIZON_DAYS
    // after it starts (their whole pre-churn horizon is observed).
    if (quantity && churnAt < window.end && churnAt - window.start >= HORIZON_DAYS * DAY_MS) {
      totals.evaluableChurners += 1;
      const cause = churn.cause;
      const c = byCause.get(cause) ?? { churners: 0, caught14d: 0 };
      byCause.set(cause, c);
      c.churners += 1;
      const before = attrition
        .map((f) => ({ id: f.triggerId, lead: (churnAt - f.raisedAt.getTime()) / DAY_MS }))
        .filter((a) => a.lead > 0 && a.lead <= HORIZON_DAYS);
      if (before.length > 0) {
        totals.caughtAnyBefore += 1;
        const first = Math.max(...before.map((a) => a.lead));
        totals.leads.push(first);
        if (first >= MIN_LEAD_DAYS) {
          totals.caught14d += 1;
          totals.leads14.push(first);
          c.caught14d += 1;
        }
        for (const id of new Set(before.filter((a) => a.lead >= MIN_LEAD_DAYS).map((a) => a.id)))
          trig(id).churnersCaught14d += 1;
      }
    }
    if ((i + 1) % 2_000 === 0)
      log(
        `  simulator: ${i + 1}/${customers} customers, ${events} events, ` +
          `${Math.round(events / ((performance.now() - started) / 1_000))} events/s`,
      );
  }
  const elapsedS = (performance.now() - started) / 1_000;
  return {
    mode: 'offline: domain use cases in-process, per customer in time order (clock = event time)',
    seed,
    customers,
    months,
    window: {
      start: new Date(window.start).toISOString(),
      end: new Date(window.end).toISOString(),
    },
    horizonDays: HORIZON_DAYS,
    minLeadDays: MIN_LEAD_DAYS,
    triggersEvaluated: evaluated,
    triggersNotEvaluated: skipped,
    events,
    elapsedS: round(elapsedS, 1),
    eventsPerSecond: Math.round(events / elapsedS),
    churners: {
      quantity: totals.quantityChurners,
      quantityInWindow: totals.quantityChurnersInWindow,
      evaluable: totals.evaluableChurners,
      value: totals.valueChurners,
    },
    recall14d: share(totals.caught14d, totals.evaluableChurners),
    recallAnyLead: share(totals.caughtAnyBefore, totals.evaluableChurners),
    medianLeadDays: round(median(totals.leads)),
    medianLeadDaysOf14d: round(median(totals.leads14)),
    alertedCustomers: totals.alertedCustomers,
    falseAlertedCustomers: totals.falseAlertedCustomers,
    falseAlertRate: share(totals.falseAlertedCustomers, totals.alertedCustomers),
    attritionAlerts: totals.attritionAlerts,
    alertLevelFalseRate: share(
      totals.attritionAlerts - totals.attritionAlertsFollowedByChurn,
      totals.attritionAlerts,
    ),
    // Customers with any churn (quantity or value) in the window or the 90 days after it: what a
    // random pick of customers would hit.
    churnShareOfPopulation: share(totals.churnedWithinHorizon, totals.customers),
    byCause: Object.fromEntries(
      [...byCause].map(([k, v]) => [k, { ...v, recall14d: share(v.caught14d, v.churners) }]),
    ),
    byTrigger: Object.fromEntries(
      [...perTrigger]
        .sort((a, b) => b[1].fired - a[1].fired)
        .map(([id, t]) => [
          id,
          {
            attrition: t.attrition,
            fired: t.fired,
            customers: t.customers.size,
            precision: share(t.followedByChurn, t.fired),
            churnersCaught14d: t.churnersCaught14d,
            recall14d: share(t.churnersCaught14d, totals.evaluableChurners),
          },
        ]),
    ),
  };
}

module.exports = { runSimulatorQuality };

if (require.main === module) {
  const [customers, months] = process.argv.slice(2).map(Number);
  runSimulatorQuality({ customers: customers || 2_000, months: months || 12 }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
