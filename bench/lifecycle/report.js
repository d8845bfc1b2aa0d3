'use strict';
// Writes the results table between the bench:lifecycle markers of bench/lifecycle/README.md.
const fs = require('node:fs');

const START = '<!-- bench:lifecycle:start -->';
const END = '<!-- bench:lifecycle:end -->';
const fmt = (v, d = 0) =>
  v === null || v === undefined || Number.isNaN(v)
    ? '—'
    : Number(v).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const ms = (v) => (v === null || v === undefined ? '—' : `${fmt(v, v < 10 ? 1 : 0)} ms`);
const pct = (v, d = 1) => (v === null || v === undefined ? '—' : `${fmt(v * 100, d)} %`);

function verdictMax(measured, target, unit) {
  if (measured === null || measured === undefined) return '**not measured**';
  if (measured <= target) return 'met';
  return `**not met**: ${fmt(measured - target)} ${unit} over (${fmt(measured / target, 1)}× the target)`;
}

/** Repeats of a (customer, trigger) pair within its cooldown: suppressed by design, not expected. */
function suppressedNote(expected) {
  const n = expected.suppressedByCooldown;
  return n > 0
    ? ` (${fmt(n)} more were a second alerting event of the same customer and trigger, which the cooldown suppresses by design)`
    : '';
}

function rows(results) {
  const out = [];
  const { latency, timers, simulator } = results.phases;
  if (latency) {
    const t = latency.target;
    const s = t.sink.anyTopicMs;
    const missing = t.missingAlerts;
    const share = missing / t.expectedFirings.firing;
    out.push([
      `Alert latency at ${fmt(t.produced.offeredRate)} events/s for ${fmt(t.produced.elapsedS)} s (intended send → first alert received by the sink)`,
      'p99 ≤ 100 ms',
      `${fmt(t.expectedFirings.firing)} events should alert${suppressedNote(t.expectedFirings)}; ${missing === 0 ? '**every one did**' : `**${fmt(missing)} (${pct(share)}) had no alert** after a ${fmt(t.drain.waitedS)} s drain, so p99 over all is unbounded`}. Of those alerted: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`,
      share > 0.01
        ? `**not met**: the service fell behind (p99 > ${ms(s.max)} even counting only the alerts that arrived)`
        : verdictMax(s.p99, 100, 'ms'),
    ]);
    out.push([
      'Achieved rate and backlog at the target rate',
      '2,000 events/s without backlog',
      `produced ${fmt(t.produced.ackedPerSecond)} events/s (acks=all, ack p99 ${ms(t.produced.acceptanceLatencyMs.p99)}); the service's trigger consumer got through **${fmt(t.serviceThroughput.consumedPerSecond)} events/s** (${fmt(t.serviceThroughput.serviceCpuMsPerConsumedEvent, 1)} ms service CPU each, ${fmt(t.load.serviceCpuCores, 2)} cores); lag ${fmt(t.serviceGroupLag.atEndOfLoad)} at the end of the load, ${fmt(t.serviceGroupLag.afterDrain)} after the drain`,
      t.serviceThroughput.consumedPerSecond >= 0.99 * t.produced.offeredRate
        ? 'kept up'
        : `**not met**: ${fmt(t.produced.offeredRate - t.serviceThroughput.consumedPerSecond)} events/s short (the service sustained ${pct(t.serviceThroughput.consumedPerSecond / t.produced.offeredRate)} of the rate)`,
    ]);
    for (const l of latency.low) {
      const ls = l.sink.anyTopicMs;
      out.push([
        `Reference: alert latency at ${fmt(l.produced.offeredRate)} events/s for ${fmt(l.produced.elapsedS)} s`,
        'p99 ≤ 100 ms',
        `p50 ${ms(ls.p50)}, p95 ${ms(ls.p95)}, p99 ${ms(ls.p99)}, max ${ms(ls.max)} over ${fmt(ls.count)} alerted events (${fmt(l.missingAlerts)} missing); consumed ${fmt(l.serviceThroughput.consumedPerSecond)} events/s, lag at end ${fmt(l.serviceGroupLag.atEndOfLoad)}`,
        l.missingAlerts / l.expectedFirings.firing > 0.01
          ? '**not met**: >1 % of alerts missing'
          : verdictMax(ls.p99, 100, 'ms'),
      ]);
    }
  }
  if (timers) {
    const w = timers.window.sink.anyTopicMs;
    const db = timers.window.db.fired?.claimLatenessMs;
    const missing = timers.window.due - w.count;
    out.push([
      `Timer lateness p99 (due → alert received), ${fmt(timers.window.due)} due over ${fmt(timers.window.windowS)} s among ${fmt(timers.armedWhenWindowOpens)} armed`,
      '≤ 1 s',
      `p50 ${ms(w.p50)}, **p99 ${ms(w.p99)}**, max ${ms(w.max)} (claimed in Postgres: p50 ${ms(db?.p50)}, p99 ${ms(db?.p99)}); ${fmt(missing)} not fired`,
      missing / timers.window.due > 0.01
        ? '**not met**: >1 % not fired'
        : verdictMax(w.p99, 1_000, 'ms'),
    ]);
    if (timers.burst) {
      const b = timers.burst.sink.anyTopicMs;
      out.push([
        `Timer firing throughput: ${fmt(timers.burst.due)} due at one instant`,
        '—',
        `${fmt(timers.burst.firedPerSecond)} timers/s; lateness p50 ${ms(b.p50)}, p99 ${ms(b.p99)}, max ${ms(b.max)}; service CPU ${fmt(timers.burst.load.serviceCpuCores, 2)} cores`,
        `1M timers due at once would take ~${fmt(1e6 / Math.max(1, timers.burst.firedPerSecond) / 60)} min to fire`,
      ]);
    }
  }
  if (simulator) {
    out.push([
      `Simulator: eventual churners alerted ≥ 14 d before leaving (${fmt(simulator.customers)} customers × ${simulator.months} months, ${fmt(simulator.churners.evaluable)} churners)`,
      'reported',
      `**${pct(simulator.recall14d)}** (any lead ≤ 90 d: ${pct(simulator.recallAnyLead)}); median lead ${fmt(simulator.medianLeadDays, 1)} d`,
      'reported (no numeric target)',
    ]);
    out.push([
      'Simulator: false-alert rate (alerted customers with no churn within 90 d of any of their alerts)',
      'reported',
      `**${pct(simulator.falseAlertRate)}** of ${fmt(simulator.alertedCustomers)} alerted customers (per alert: ${pct(simulator.alertLevelFalseRate)} of ${fmt(simulator.attritionAlerts)}); ${pct(simulator.churnShareOfPopulation)} of all customers churn in the window or the 90 d after it`,
      'reported (no numeric target)',
    ]);
  }
  return out;
}

function table(header, body) {
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...body.map(line),
  ].join('\n');
}

function triggerTable(simulator) {
  const body = Object.entries(simulator.byTrigger).map(([id, t]) => [
    `\`${id}\``,
    t.attrition ? 'yes' : 'no',
    fmt(t.fired),
    fmt(t.customers),
    pct(t.precision),
    t.attrition ? pct(t.recall14d) : '—',
  ]);
  return table(
    [
      'Trigger',
      'Attrition alert',
      'Fired',
      'Customers',
      'Followed by churn ≤ 90 d',
      'Churners caught ≥ 14 d before',
    ],
    body,
  );
}

function render(results) {
  const f = results.facts;
  const lat = results.phases.latency;
  const parts = [
    `Run of ${f.date} (commit ${f.commit}${f.uncommittedChanges ? ', uncommitted changes in the tree' : ''}): ${f.cores} cores (${f.cpuModel}), ${f.memoryGb} GB, Node ${f.node}, Kafka ${f.kafka} (one KRaft broker), kafkajs ${f.kafkajs}, Postgres ${f.postgres}, all on this machine with the load generator, the sink and other engineers' work (another benchmark, services, test suites). Load average (1/5/15 min) before ${f.loadAverageBefore.join(' / ')}, after ${f.loadAverageAfter.join(' / ')}. Whole run ${f.durationS} s.`,
    '',
    table(['Measure', 'Target', 'Measured', 'Verdict'], rows(results)),
    '',
  ];
  const phaseLoad = [];
  if (lat) {
    for (const l of lat.low)
      phaseLoad.push([`latency, ${fmt(l.produced.offeredRate)} events/s`, l.load]);
    phaseLoad.push([`latency, ${fmt(lat.target.produced.offeredRate)} events/s`, lat.target.load]);
  }
  if (results.phases.timers) {
    phaseLoad.push(['timer window', results.phases.timers.windowLoad]);
    if (results.phases.timers.burst)
      phaseLoad.push(['timer burst', results.phases.timers.burst.load]);
  }
  if (results.phases.simulator)
    phaseLoad.push(['simulator (no service)', results.phases.simulator.load]);
  if (phaseLoad.length > 0) {
    parts.push(
      table(
        [
          'Phase',
          'Seconds',
          'Service CPU (cores)',
          'CPU stall',
          'Load average before → after (1 min)',
        ],
        phaseLoad.map(([name, l]) => [
          name,
          fmt(l.seconds, 1),
          l.serviceCpuCores === null ? '—' : fmt(l.serviceCpuCores, 2),
          pct(l.cpuStallShare, 0),
          `${l.loadAverageBefore[0]} → ${l.loadAverageAfter[0]}`,
        ]),
      ),
      '',
    );
  }
  if (lat) {
    parts.push(
      `Alerts received per trigger at the target rate: ${Object.entries(
        lat.target.sink.firedByTrigger,
      )
        .map(([k, v]) => `\`${k}\` ${fmt(v)}`)
        .join(', ')} (expected ${Object.entries(lat.target.expectedFirings.byTrigger)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(
          ', ',
        )}). Per topic p99 of those received: triggers ${ms(lat.target.sink.triggersTopicMs.p99)}, attrition-alerts ${ms(lat.target.sink.alertsTopicMs.p99)}. The unconsumed backlog (${fmt(lat.backlogDeleted)} events) was deleted from the topic before the timer phase.`,
      '',
    );
  }
  const sim = results.phases.simulator;
  if (sim) {
    parts.push(
      `Simulator (seed ${sim.seed}, window ${sim.window.start.slice(0, 10)} → ${sim.window.end.slice(0, 10)}, ${fmt(sim.events)} events, ${fmt(sim.eventsPerSecond)} events/s offline): ${fmt(sim.churners.quantity)} quantity churners (${fmt(sim.churners.quantityInWindow)} inside the window, ${fmt(sim.churners.evaluable)} leaving ≥ 90 d after its start = the recall base), ${fmt(sim.churners.value)} value churners. Recall by cause: ${Object.entries(
        sim.byCause,
      )
        .map(([k, v]) => `${k} ${pct(v.recall14d, 0)} of ${fmt(v.churners)}`)
        .join(
          ', ',
        )}. Not evaluated (need segmentation's memberships): ${sim.triggersNotEvaluated.map((t) => `\`${t}\``).join(', ')}.`,
      '',
      triggerTable(sim),
    );
  }
  return parts.join('\n');
}

function writeReadmeTable(file, results) {
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`markers missing in ${file}`);
  fs.writeFileSync(
    file,
    `${text.slice(0, start + START.length)}\n\n${render(results)}\n\n${text.slice(end)}`,
  );
}

module.exports = { writeReadmeTable, render };
