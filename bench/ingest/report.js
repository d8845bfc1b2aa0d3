'use strict';
// Renders a run's results as the Markdown table between the markers in bench/ingest/README.md.
const fs = require('node:fs');

const START = '<!-- bench:ingest:start -->';
const END = '<!-- bench:ingest:end -->';
const TARGETS = { singleRate: 8_000, singleP99Ms: 15, batchEvents: 30_000 };

const int = (n) => (n === null || n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
const ms = (n) => (n === null || n === undefined ? '—' : `${n} ms`);
const pct = (n) => `${(n * 100).toFixed(2)} %`;
const ratio = (n, ceiling) => `${((n / ceiling) * 100).toFixed(1)} % of Kafka`;

function sustainedCell(sustained, best, unit, ceiling) {
  return sustained > 0
    ? `${int(sustained)} ${unit} (${ratio(sustained, ceiling)})`
    : `no step sustained; at most ${int(best)} ${unit} got through (${ratio(best, ceiling)})`;
}

function atLeast(measured, target, unit) {
  return measured >= target
    ? 'met'
    : `**not met**: ${int(target - measured)} ${unit} short (${((measured / target) * 100).toFixed(0)} % of target)`;
}

function render({ facts, kafkaCeiling, scenarios, summary }) {
  const ceiling = kafkaCeiling.recordsPerSecond;
  const p99 = summary.singleP99At2000Ms;
  const p99Verdict =
    p99 !== null && p99 <= TARGETS.singleP99Ms && summary.singleErrorRateAt2000 < 0.01
      ? 'met'
      : `**not met**${p99 === null ? ' (over 1 % errors)' : `: ${(p99 / TARGETS.singleP99Ms).toFixed(1)}× the target`}`;
  const load = (l) => l.map((v) => v.toFixed(2)).join(' / ');
  const lines = [
    START,
    `Run of ${facts.date} (commit ${facts.commit}${facts.uncommittedChanges ? ' + uncommitted changes' : ''}): ` +
      `${facts.cores} cores (${facts.cpuModel}), ${facts.memoryGb} GB, Node ${facts.node}, Kafka ${facts.kafka} ` +
      `(one KRaft broker), kafkajs ${facts.kafkajs}, Postgres ${facts.postgres}, all on this machine with the load ` +
      `generator. Load average (1/5/15 min) before ${load(facts.loadAverageBefore)}, after ${load(facts.loadAverageAfter)}. ` +
      `Whole run ${facts.durationS} s.`,
    '',
    '| Measure | Target | Measured | Verdict |',
    '| --- | --- | --- | --- |',
    `| Kafka ceiling: ProducerPerformance, acks=all, ${kafkaCeiling.recordSize}-byte records | — | ${int(ceiling)} records/s (p99 ${kafkaCeiling.latencyMs.p99} ms) | reference |`,
    `| Single-event p99 at 2,000 requests/s | ≤ ${TARGETS.singleP99Ms} ms | ${ms(p99)} (errors ${pct(summary.singleErrorRateAt2000)}) | ${p99Verdict} |`,
    `| Max sustained single-event rate | ≥ ${int(TARGETS.singleRate)} requests/s | ${sustainedCell(summary.maxSustainedSingleRequestsPerSecond, summary.bestSingleRequestsPerSecond, 'requests/s', ceiling)} | ${atLeast(summary.maxSustainedSingleRequestsPerSecond, TARGETS.singleRate, 'requests/s')} |`,
    `| Max sustained batch throughput | ≥ ${int(TARGETS.batchEvents)} events/s | ${sustainedCell(summary.maxSustainedBatchEventsPerSecond, summary.bestBatchEventsPerSecond, 'events/s', ceiling)}${summary.bestBatchScenario ? ` (${summary.bestBatchScenario})` : ''} | ${atLeast(summary.maxSustainedBatchEventsPerSecond, TARGETS.batchEvents, 'events/s')} |`,
    '',
    'Every step (open loop; latency from the intended send time; a failed request counts as infinitely slow, so a percentile is — once errors exceed it). *CPU µs/event* is the CPU the service process used per accepted event; *CPU stall* is the share of the step during which some runnable task on the machine waited for a CPU (Linux PSI): near 100 % the machine, not the service, set the pace.',
    '',
    '| Step | Offered req/s | OK req/s | Events/s | Errors | p50 | p90 | p99 | p99.9 | Service CPU (cores) | CPU µs/event | CPU stall |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const steps = [
    scenarios.singleAt2000,
    ...scenarios.singleSteps,
    ...scenarios.batch100Steps,
    ...scenarios.batch1000Steps,
  ];
  for (const s of steps) {
    const l = s.latencyMs;
    lines.push(
      `| ${s.label} | ${int(s.offeredRate)} | ${int(s.achievedRate)} | ${int(s.eventsPerSecond)} | ${pct(s.errorRate)} | ${ms(l.p50)} | ${ms(l.p90)} | ${ms(l.p99)} | ${ms(l.p999)} | ${s.serviceCpuCores} | ${int(s.serviceCpuMicrosPerEvent)} | ${s.cpuStallShare === null ? '—' : pct(s.cpuStallShare)} |`,
    );
  }
  lines.push(END);
  return lines.join('\n');
}

/** Writes the table, formatted by the repo's Prettier settings so `npm run lint` stays green. */
async function writeReadmeTable(readmePath, results) {
  const prettier = require('prettier');
  const text = fs.readFileSync(readmePath, 'utf8');
  const at = text.indexOf(START);
  const end = text.indexOf(END);
  if (at === -1 || end === -1) throw new Error(`${readmePath} lacks the ${START} … ${END} markers`);
  const updated = text.slice(0, at) + render(results) + text.slice(end + END.length);
  const options = (await prettier.resolveConfig(readmePath)) ?? {};
  fs.writeFileSync(
    readmePath,
    await prettier.format(updated, { ...options, filepath: readmePath }),
  );
}

module.exports = { writeReadmeTable };
