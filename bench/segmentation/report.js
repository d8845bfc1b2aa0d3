'use strict';
// Renders a run's results as the Markdown table between the markers in bench/segmentation/README.md
// (the rest of the README, e.g. the engine micro-benchmark's section, is left as it is).
const fs = require('node:fs');

const START = '<!-- bench:segmentation:start -->';
const END = '<!-- bench:segmentation:end -->';
const TARGETS = {
  eventsPerSecond: 10_000,
  p99Ms: 50,
  reevalSeconds: 30,
  reevalCustomers: 1_000_000,
  bytesPerCustomer: 1_024,
};

const int = (n) =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : Math.round(n).toLocaleString('en-US');
const ms = (n) => (n === null || n === undefined ? '—' : `${n} ms`);
const pct = (n) => (n === null || n === undefined ? '—' : `${(n * 100).toFixed(1)} %`);

function atLeast(measured, target, unit) {
  if (measured === null || measured === undefined) return '**not measured**';
  return measured >= target
    ? 'met'
    : `**not met**: ${int(target - measured)} ${unit} short (${((measured / target) * 100).toFixed(0)} % of target)`;
}
function atMost(measured, target, unit) {
  if (measured === null || measured === undefined) return '**not measured**';
  return measured <= target
    ? 'met'
    : `**not met**: ${(measured / target).toFixed(unit === 's' ? 2 : 1)}× the target (${unit === 's' ? (measured - target).toFixed(1) : int(measured - target)} ${unit} over)`;
}

function render(results) {
  const { facts, phases, kafkaCeiling, redisCeiling, errors } = results;
  const load = (l) => (l ?? []).map((v) => v.toFixed(2)).join(' / ');
  const tp = phases.throughput;
  const lat = phases.latency;
  const ref = phases.latencyReference;
  const prime = phases.latencyPrime;
  const re = phases.reevaluation;
  const mem = phases.memory;
  const std = mem?.standardSet;
  const pre = phases.preload;
  const kafka = kafkaCeiling?.messagesPerSecond;
  const ofKafka = (n) =>
    kafka && n ? ` (${((n / kafka) * 100).toFixed(1)} % of Kafka's consumer)` : '';
  const customers = facts.config.customers;
  // Re-evaluation scaled to the target's million when the run was smaller (linear in customers).
  let reeval = null;
  let reevalCell = re?.error ? `failed: ${re.error.slice(0, 160)}` : '—';
  if (re?.done) {
    reeval = (re.wallSeconds * TARGETS.reevalCustomers) / customers;
    reevalCell = `${re.wallSeconds.toFixed(1)} s for ${int(customers)} customers from the activation request to the job's finish (${int(re.customersPerSecond)} customers/s${re.observedSeconds ? `; seen done by the 500 ms poll after ${re.observedSeconds.toFixed(1)} s` : ''})${customers === TARGETS.reevalCustomers ? '' : `; ${reeval.toFixed(0)} s scaled to 1,000,000`}`;
  } else if (re?.job) {
    const rate = re.customersPerSecond;
    reeval = rate > 0 ? TARGETS.reevalCustomers / rate : null;
    reevalCell = `not done after ${re.wallSeconds.toFixed(0)} s: ${int(re.job.processed)} of ${int(re.job.total)} customers (${int(rate)}/s; 1,000,000 would take ${reeval ? reeval.toFixed(0) : '—'} s)`;
  }
  const redisRows = redisCeiling?.installed
    ? Object.entries({
        ...redisCeiling.results.defaults,
        ...redisCeiling.results,
        defaults: undefined,
      })
        .filter(([, v]) => typeof v === 'number')
        .map(([k, v]) => `${k} ${int(v)}/s`)
        .join('; ')
    : 'redis-benchmark not installed';
  const hgetall = redisCeiling?.results?.['HGETALL customer hash, pipeline 16'];
  const lines = [
    START,
    `Run of ${facts.date} (commit ${facts.commit}${facts.uncommittedChanges ? ' + uncommitted changes' : ''}): ${facts.cores} cores (${facts.cpuModel}), ${facts.memoryGb} GB, Node ${facts.node}, Kafka ${facts.kafka} (one KRaft broker), kafkajs ${facts.kafkajs}, Postgres ${facts.postgres}, Redis on the same machine, all co-located with the load generator and the sink. ${(facts.config.instances ?? 1) > 1 ? `**${facts.config.instances} service instances** sharing the partitions${facts.config.backfillWorker ? ' (SEGMENTATION_WORKLOADS=events,timers) and a backfill worker (SEGMENTATION_WORKLOADS=backfill)' : ''}, each` : facts.config.backfillWorker ? 'Two service processes, one consuming events and firing timers (SEGMENTATION_WORKLOADS=events,timers), one running re-evaluation jobs only (SEGMENTATION_WORKLOADS=backfill), each' : 'Service'} started from ${facts.serviceMain === 'bench-wired' ? "**bench/segmentation/wired-main.js** (dist's SegmentationModule plus the definitions providers it does not wire yet; see README)" : '`dist/apps/segmentation/src/main.js`'}${facts.config.membershipMaxMessageBytes > 0 ? `, with the run's segment-membership topic at max.message.bytes ${int(facts.config.membershipMaxMessageBytes)} (see README)` : ''}${facts.config.produceTimeoutMs > 0 ? `, service KAFKA_PRODUCE_TIMEOUT_MS ${int(facts.config.produceTimeoutMs)}` : ''}. ${int(customers)} customers (${int(pre?.distinctHistories)} distinct simulated histories), ${int(results.catalog?.active)} active segments, event mix: ${facts.eventMix?.mix === 'simulator' ? "the simulator's (see README)" : '**stress** (40 % complaints; see README)'}. Load average (1/5/15 min) before ${load(facts.loadAverageBefore)}, after ${load(facts.loadAverageAfter)}.${speedProbe(facts.speedProbe)} Whole run ${facts.durationS} s.`,
    '',
    '| Measure | Target | Measured | Verdict |',
    '| --- | --- | --- | --- |',
    `| Throughput through segmentation (consumer side, committed offsets) | ≥ 10,000 events/s sustained | ${tp ? `${int(tp.sustainedEventsPerSecond)} events/s over ${tp.seconds} s (${int(tp.consumedEvents)} events${tp.drained ? '' : `, **lag ${int(tp.lagAtEnd)} left**`}); peak 10 s ${int(tp.peak10sEventsPerSecond)}/s${ofKafka(tp.sustainedEventsPerSecond)}` : '—'} | ${atLeast(tp?.sustainedEventsPerSecond, TARGETS.eventsPerSecond, 'events/s')} |`,
    `| p99 acceptance → membership change at ${int(lat?.producer?.offeredRate)} events/s (open loop${facts.sendIntervalMs ? `, sent every ${facts.sendIntervalMs} ms` : ''}, separate sink${prime ? `; after ${Math.round(prime.producer.elapsedS)} s at that rate, the next row` : ''}) | ≤ 50 ms | ${lat ? `p50 ${ms(lat.latencyMs.p50)}, p95 ${ms(lat.latencyMs.p95)}, p99 ${ms(lat.latencyMs.p99)}, max ${ms(lat.latencyMs.max)} over ${int(lat.eventsWithChange)} events that changed a membership (${pct(lat.flipShare)} of ${int(lat.producer.acked)})` : '—'} | ${atMost(lat?.latencyMs?.p99, TARGETS.p99Ms, 'ms')} |`,
    ...(prime
      ? [
          `| The same, over the first ${Math.round(prime.producer.elapsedS)} s at ${int(prime.producer.offeredRate)} events/s (the service's JIT still tiering up; see README) | — | p50 ${ms(prime.latencyMs.p50)}, p95 ${ms(prime.latencyMs.p95)}, p99 ${ms(prime.latencyMs.p99)}, max ${ms(prime.latencyMs.max)} over ${int(prime.eventsWithChange)} events; ${int(prime.slowEvents?.count)} over 50 ms | cold start, shown |`,
        ]
      : []),
    ...(ref
      ? [
          `| p99 acceptance → membership change at ${int(ref?.producer?.offeredRate)} events/s (reference: a rate the service sustains) | ≤ 50 ms | ${ref ? `p50 ${ms(ref.latencyMs.p50)}, p95 ${ms(ref.latencyMs.p95)}, p99 ${ms(ref.latencyMs.p99)}, max ${ms(ref.latencyMs.max)} over ${int(ref.eventsWithChange)} events that changed a membership (${pct(ref.flipShare)} of ${int(ref.producer.acked)})` : '—'} | ${atMost(ref?.latencyMs?.p99, TARGETS.p99Ms, 'ms')} |`,
        ]
      : []),
    `| Re-evaluation of every customer after a definition change, ingest at ${int(re?.load?.offeredRate)} events/s | ≤ 30 s for 1,000,000 | ${reevalCell} | ${atMost(reeval, TARGETS.reevalSeconds, 's')} |`,
    `| Redis bytes per customer, standard feature set: the built-in packs (used_memory delta / customers) | ≤ 1 KB | ${std ? `${int(std.bytesPerCustomerAll)} B all keys (${std.segments} segments, ${std.series} series); MEMORY USAGE sample mean ${int(std.hashSample.memoryUsageBytes.mean)} B, p99 ${int(std.hashSample.memoryUsageBytes.p99)} B; listpack ${pct(std.hashSample.listpackShare)} of ${int(std.hashSample.sample)}` : '— (not measured in this run)'} | ${atMost(std?.bytesPerCustomerAll, TARGETS.bytesPerCustomer, 'B')} |`,
    `| Redis bytes per customer, this benchmark's catalog${pre?.series ? ` (${pre.series} series)` : ''} (used_memory delta / customers) | ≤ 1 KB | ${mem ? `${int(mem.bytesPerCustomerAll)} B all keys (hashes ${int(mem.bytesPerCustomerHashes)} B, bitmaps ${mem.bitmapBytesPerCustomer} B, timers ${mem.timerBytesPerCustomer} B); MEMORY USAGE sample mean ${int(mem.hashSample.memoryUsageBytes.mean)} B, p99 ${int(mem.hashSample.memoryUsageBytes.p99)} B; listpack ${pct(mem.hashSample.listpackShare)} of ${int(mem.hashSample.sample)}` : '—'} | ${atMost(mem?.bytesPerCustomerAll, TARGETS.bytesPerCustomer, 'B')} |`,
    `| Preload (engine over a simulated year, Redis pipelined, Postgres INSERT … SELECT) | — | ${pre ? `${pre.seconds.total.toFixed(1)} s (simulate ${pre.seconds.simulate.toFixed(1)}, evaluate ${pre.seconds.evaluate.toFixed(1)}, Redis hashes ${pre.seconds.redisHashes.toFixed(1)}, bitmaps+timers ${pre.seconds.redisBitmapsAndTimers.toFixed(1)}, Postgres ${pre.seconds.postgres.toFixed(1)})` : '—'} | — |`,
    `| Kafka ceiling: ConsumerPerformance on the run's contact-events topic | — | ${kafkaCeiling ? `${int(kafka)} records/s (${kafkaCeiling.mbPerSecond} MB/s, ${int(kafkaCeiling.messages)} records)` : '—'} | reference |`,
    `| Redis ceiling: redis-benchmark (-c 50) | — | ${redisRows}${hgetall && tp ? `; our throughput = ${((tp.sustainedEventsPerSecond / hgetall) * 100).toFixed(1)} % of pipelined HGETALL` : ''} | reference |`,
    '',
    `Phase details: throughput phase produced ${int(tp?.produced?.acked)} events at ${int(tp?.produced?.ackedPerSecond)} acked/s; consumed ${int(tp?.whileProducingEventsPerSecond)}/s while producing and ${int(tp?.afterProducingEventsPerSecond)}/s after; service CPU ${tp?.serviceCpuCores ?? '—'} cores, ${int(tp?.serviceCpuMicrosPerEvent)} µs/event; CPU stall ${pct(tp?.cpuStallShare)}. Latency phase: acceptance (broker ack) p99 ${ms(lat?.producer?.acceptanceLatencyMs?.p99)}; ${int(lat?.membershipChanges)} membership events; service CPU ${lat?.serviceCpuCores ?? '—'} cores (${int(lat?.serviceCpuMicrosPerEvent)} µs/event); CPU stall ${pct(lat?.cpuStallShare)}. During the backfill: event latency p99 ${ms(re?.latencyDuringBackfill?.latencyMs?.p99)} over ${int(re?.latencyDuringBackfill?.eventsWithChange)} events, ${int(re?.backfillMembershipEvents)} membership events from the backfill, service CPU ${re?.serviceCpuCores ?? '—'} cores.`,
    ...stageLines([
      [`${int(ref?.producer?.offeredRate)} events/s`, ref?.stagesMs],
      [`${int(lat?.producer?.offeredRate)} events/s`, lat?.stagesMs],
    ]),
    ...slowEventLines(lat),
    ...machineCpuLines('Machine CPU in the throughput phase', tp?.machineCpu),
    ...(errors?.length ? ['', `Errors: ${errors.map((e) => e.split('\n')[0]).join('; ')}`] : []),
    END,
  ];
  return lines.join('\n');
}

/** The machine's speed at both ends of the run (bench/speed-probe.js): compare runs at similar values. */
function speedProbe(probe) {
  if (!probe?.startMs) return '';
  return ` Speed probe (\`bench/speed-probe.js\`, lower is faster): ${probe.startMs} ms at the start, ${probe.endMs ?? '?'} ms at the end.`;
}

/** Where the machine's CPU went during a phase, per event consumed, busiest role first. */
/** Where the first membership change of an event spent its time (sink.js), per latency phase. */
function stageLines(phases) {
  const split = phases.filter(([, stages]) => stages?.toEvaluation?.p50 != null);
  if (split.length === 0) return [];
  const part = (s) => `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`;
  return [
    '',
    'Latency by stage (intended send → service evaluation clock → membership CreateTime → sink receipt):',
    ...split.map(
      ([label, s]) =>
        `- at ${label}: to evaluation ${part(s.toEvaluation)}; evaluation to publish ${part(s.evaluationToPublish)}; publish to receipt ${part(s.publishToReceipt)}`,
    ),
  ];
}

/** Whether the events over 50 ms at 5,000/s were spread out or bunched in a few stalls. */
function slowEventLines(lat) {
  const slow = lat?.slowEvents;
  if (!slow || slow.count === 0) return [];
  const worst = slow.worstSeconds
    .map(
      (w) =>
        `${w.at} ${int(w.count)} (max ${ms(w.maxMs)}; to evaluation ${ms(w.stageMeansMs.toEvaluation)}, evaluation to publish ${ms(w.stageMeansMs.evaluationToPublish)}, publish to receipt ${ms(w.stageMeansMs.publishToReceipt)} on average)`,
    )
    .join('; ');
  return [
    '',
    `Events over ${slow.overMs} ms at ${int(lat.producer?.offeredRate)} events/s: ${int(slow.count)} of ${int(lat.eventsWithChange)}, by intended send time in ${int(slow.seconds)} distinct seconds of the phase; the worst seconds: ${worst}.`,
  ];
}

function machineCpuLines(title, machine) {
  if (!machine) return [];
  const roles = machine.roles
    .filter((r) => r.cores >= 0.01)
    .map((r) => `${r.role} ${int(r.microsPerEvent)} µs (${r.cores} cores)`)
    .join(', ');
  return [
    '',
    `${title}, CPU per event consumed (${int(machine.events)} events in ${machine.elapsedS} s): ${roles}; all processes ${int(machine.busyMicrosPerEvent)} µs per event; idle ${machine.idleCores} cores.`,
  ];
}

/** Writes the table, formatted by the repo's Prettier settings so `npm run lint` stays green. */
async function writeReadmeTable(readmePath, results) {
  const prettier = require('prettier');
  const text = fs.existsSync(readmePath)
    ? fs.readFileSync(readmePath, 'utf8')
    : `# Segmentation benchmark\n\n${START}\n${END}\n`;
  let at = text.indexOf(START);
  let end = text.indexOf(END);
  let base = text;
  if (at === -1 || end === -1) {
    base = `${text.trimEnd()}\n\n## Latest results (\`npm run bench:segmentation\`)\n\n${START}\n${END}\n`;
    at = base.indexOf(START);
    end = base.indexOf(END);
  }
  const updated = base.slice(0, at) + render(results) + base.slice(end + END.length);
  const options = (await prettier.resolveConfig(readmePath)) ?? {};
  fs.writeFileSync(
    readmePath,
    await prettier.format(updated, { ...options, filepath: readmePath }),
  );
}

module.exports = { writeReadmeTable, render };
