'use strict';
// Contact events produced straight to the run's contact-events topic (kafkajs, acks=all): an event
// counts as accepted once the broker acknowledged it. Open loop for the latency phases (events are
// scheduled at a fixed rate whatever happens; each one's intended send time goes into its id), flat
// out for the throughput phase.
const { CompressionTypes } = require('kafkajs');

// BENCH_MIX=stress: complaints and purchases dominate so that nearly every event flips several
// memberships (first complaint in 7/14/30/60/90 days, spend bands...), about 6 per event. The
// default mix replays the simulator's own events instead (see `simulatedEventPool`).
const TYPES = [
  // [share, type]
  [0.4, 'complaint.filed'],
  [0.25, 'purchase.completed'],
  [0.1, 'survey.answered'],
  [0.1, 'call.completed'],
  [0.1, 'service.incident'],
  [0.05, 'payment.recorded'],
];

/**
 * `pool` (optional): `{ type, payload }` drawn uniformly, i.e. the simulator's mix of types and
 * payloads; without it, the stress mix above.
 */
function eventFactory({ customers, random, customerId, pool }) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const texts = pool && pool.length > 0 ? packedPool(pool) : undefined;
  return function makeEvent(eventId) {
    if (texts) {
      const i = Math.floor(random() * texts.size);
      const type = texts.types[texts.typeOf[i]];
      const payloadJson = texts.text.slice(texts.starts[i], texts.starts[i + 1]);
      return messageOfText(
        eventId,
        type,
        customerId(Math.floor(random() * customers)),
        payloadJson,
      );
    }
    const r = random();
    let acc = 0;
    let type = TYPES[TYPES.length - 1][1];
    for (const [share, t] of TYPES) {
      acc += share;
      if (r < acc) {
        type = t;
        break;
      }
    }
    const id = customerId(Math.floor(random() * customers));
    let payload;
    switch (type) {
      case 'complaint.filed':
        payload = {
          complaintId: `cmp-${eventId}`,
          category: pick(['network', 'billing', 'service']),
          severity: pick(['low', 'high']),
          channel: 'phone',
        };
        break;
      case 'purchase.completed':
        payload = {
          amount: int(5, 450),
          currency: 'EUR',
          productId: 'fibre-1g',
          quantity: 1,
          orderId: `ord-${eventId}`,
          channel: 'web',
        };
        break;
      case 'survey.answered':
        payload = { score: int(0, 10), scale: 'nps-0-10', surveyId: 'post-call', channel: 'sms' };
        break;
      case 'call.completed':
        payload = {
          direction: pick(['inbound', 'outbound']),
          durationSeconds: int(30, 900),
          outcome: 'resolved',
          reason: 'bill higher than expected',
          agentId: 'agent-17',
          signals: [],
        };
        break;
      case 'service.incident':
        payload = { kind: 'outage', durationMinutes: int(5, 240), incidentId: `inc-${eventId}` };
        break;
      default:
        payload = {
          amount: 39.99,
          currency: 'EUR',
          status: 'late',
          invoiceId: `inv-${eventId}`,
          dueDate: '2026-11-01',
          daysLate: int(1, 30),
        };
    }
    return message(eventId, type, id, payload);
  };
}

/**
 * The pool as one string of payload JSON texts with their offsets, and a type index per event: a
 * handful of objects for a full collection to mark and move, not ~170,000 payload object trees.
 */
function packedPool(pool) {
  const types = [...new Set(pool.map((event) => event.type))];
  const typeOf = new Uint8Array(pool.length);
  const starts = new Uint32Array(pool.length + 1);
  const parts = [];
  let at = 0;
  pool.forEach(({ type, payload }, i) => {
    const json = JSON.stringify(payload);
    typeOf[i] = types.indexOf(type);
    starts[i] = at;
    at += json.length;
    parts.push(json);
  });
  starts[pool.length] = at;
  return { size: pool.length, types, typeOf, starts, text: parts.join('') };
}

/** The same bytes as `message` for a payload already serialised. */
function messageOfText(eventId, type, id, payloadJson) {
  const value = `{"eventId":${JSON.stringify(eventId)},"type":${JSON.stringify(type)},"version":1,"occurredAt":"${new Date().toISOString()}","customerId":${JSON.stringify(id)},"source":"bench","payload":${payloadJson}}`;
  return { key: id, value, headers: { 'cip-event-type': type, 'cip-schema-version': '1' } };
}

function message(eventId, type, id, payload) {
  const value = JSON.stringify({
    eventId,
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    customerId: id,
    source: 'bench',
    payload,
  });
  return { key: id, value, headers: { 'cip-event-type': type, 'cip-schema-version': '1' } };
}

/**
 * How often the open-loop driver sends what is due (`BENCH_SEND_INTERVAL_MS`, default 5 ms). The
 * driver stands in for the ingestion service, whose producer lingers 5 ms for company
 * (`DEFAULT_PUBLISHER_LIMITS.lingerMs`); sending every 1 ms (the default until 2026-11-27
 * evening) cost the harness and the broker ~0.2 cores more at 3,000 events/s. The wait is part
 * of the measured latency, since latency runs from each event's intended send time.
 */
const SEND_INTERVAL_MS = Math.max(1, Number(process.env.BENCH_SEND_INTERVAL_MS ?? 5));

/**
 * Open loop: every SEND_INTERVAL_MS, whatever the schedule says is due is sent in one produce call.
 * Event `seq` is meant to leave at `startEpochMs + seq * 1000 / rate`; that instant is in its id.
 * Returns acceptance figures (broker acknowledgement minus intended send time).
 */
async function produceOpenLoop({
  producer,
  topic,
  rate,
  durationMs,
  phase,
  runTag,
  makeEvent,
  maxOutstanding = 50_000,
  stopWhen,
}) {
  const total = Math.round((rate * durationMs) / 1_000);
  const ackLatency = new Float64Array(total).fill(Number.POSITIVE_INFINITY);
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let dropped = 0;
  let outstanding = 0;
  const startPerf = performance.now() + 20;
  const startEpoch = Date.now() + 20;
  let resolveDone;
  const done = new Promise((resolve) => (resolveDone = resolve));
  let finished = false;
  const settle = () => {
    if (finished && outstanding === 0) resolveDone();
  };
  const timer = setInterval(() => {
    const elapsed = performance.now() - startPerf;
    let due = Math.min(total, Math.floor((elapsed * rate) / 1_000) + 1);
    if (stopWhen?.()) due = sent; // stop scheduling: the phase's purpose is reached
    if (due > sent) {
      const messages = [];
      const seqs = [];
      for (; sent < due; sent++) {
        if (outstanding + messages.length >= maxOutstanding) {
          dropped += 1;
          continue;
        }
        const intended = startEpoch + (sent * 1_000) / rate;
        messages.push(makeEvent(`${phase}-${runTag}-${sent}-${intended.toFixed(2)}`));
        seqs.push([sent, startPerf + (sent * 1_000) / rate]);
      }
      if (messages.length > 0) {
        outstanding += messages.length;
        producer
          .send({ topic, acks: -1, compression: CompressionTypes.None, messages })
          .then(() => {
            const now = performance.now();
            for (const [seq, intendedPerf] of seqs) ackLatency[seq] = now - intendedPerf;
            acked += messages.length;
          })
          .catch(() => {
            failed += messages.length;
          })
          .finally(() => {
            outstanding -= messages.length;
            settle();
          });
      }
    }
    if (sent >= total || stopWhen?.()) {
      clearInterval(timer);
      finished = true;
      settle();
    }
  }, SEND_INTERVAL_MS);
  await done;
  const elapsedS = (performance.now() - startPerf) / 1_000;
  const sorted = ackLatency.slice(0, sent).sort();
  const pct = (p) => {
    const v = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    return Number.isFinite(v) ? Math.round(v * 100) / 100 : null;
  };
  return {
    phase,
    offeredRate: rate,
    scheduled: sent,
    acked,
    failed,
    droppedByDriver: dropped,
    elapsedS: Math.round(elapsedS * 100) / 100,
    ackedPerSecond: Math.round(acked / elapsedS),
    acceptanceLatencyMs: { p50: pct(50), p99: pct(99), max: pct(100) },
  };
}

/** Flat out: batches of `batch` events, `concurrency` produce calls in flight, until `total` or `maxMs`. */
async function produceFlatOut({
  producer,
  topic,
  total,
  maxMs,
  batch = 1_000,
  concurrency = 4,
  phase,
  runTag,
  makeEvent,
}) {
  const started = performance.now();
  let seq = 0;
  let acked = 0;
  let failed = 0;
  const lane = async () => {
    while (seq < total && performance.now() - started < maxMs) {
      const messages = [];
      const n = Math.min(batch, total - seq);
      for (let k = 0; k < n; k++, seq++)
        messages.push(
          makeEvent(
            `${phase}-${runTag}-${seq}-${(performance.timeOrigin + performance.now()).toFixed(2)}`,
          ),
        );
      try {
        await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages });
        acked += messages.length;
      } catch {
        failed += messages.length;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsedS = (performance.now() - started) / 1_000;
  return {
    phase,
    acked,
    failed,
    elapsedS: Math.round(elapsedS * 100) / 100,
    ackedPerSecond: Math.round(acked / elapsedS),
  };
}

module.exports = { eventFactory, produceOpenLoop, produceFlatOut, SEND_INTERVAL_MS };
