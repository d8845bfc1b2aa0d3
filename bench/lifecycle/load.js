'use strict';
// Contact events produced straight to the run's contact-events topic (kafkajs, acks=all: an event
// counts as accepted once the broker acknowledged it), open loop: every millisecond whatever the
// schedule says is due is sent in one produce call, whatever the service does, and each event's
// intended send time goes into its id (`<phase>-<run>-<seq>-<epoch ms>`), so the sink measures
// latency from the intended send time (coordinated omission included).
const { CompressionTypes } = require('kafkajs');

/**
 * The mix: [share, kind, fires]. `fires` names the built-in trigger the event fires (the catalog's
 * own conditions, libs/lifecycle-domain/src/catalog/built-in-triggers.ts); the others are the
 * ordinary traffic around them, and several of those arm or cancel absence timers (a purchase arms
 * inactivity, no-second-purchase and revisit-after-sale; a complaint arms unresolved-complaint;
 * calls cancel revisit timers), so the path does the work it does in production.
 */
const MIX = [
  [0.06, 'cancellation', 'cancellation-request'],
  [0.06, 'competitor-call', 'competitor-mention'],
  [0.04, 'detractor-survey', 'falling-satisfaction'],
  [0.04, 'incident', 'repeated-service-incidents'], // every second one (pairs of one customer)
  [0.16, 'call', null],
  [0.1, 'promoter-survey', null],
  [0.24, 'purchase', null],
  [0.1, 'complaint', null],
  [0.2, 'payment', null],
];

function eventFactory({ runTag, random }) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const expected = {};
  let incidents = 0;
  let firing = 0;
  // Every built-in cooldown is a day or more, longer than a run: a second alerting event of the
  // same (customer, trigger) pair is suppressed by design, so it is not expected to alert.
  const firedPairs = new Set();
  let suppressedByCooldown = 0;
  const customer = () => `lc-${runTag}-${int(0, 9_999_999)}`;
  function makeEvent(eventId) {
    const r = random();
    let acc = 0;
    let entry = MIX[MIX.length - 1];
    for (const m of MIX) {
      acc += m[0];
      if (r < acc) {
        entry = m;
        break;
      }
    }
    const [, kind] = entry;
    let fires = entry[2];
    let customerId = customer();
    let type;
    let payload;
    switch (kind) {
      case 'cancellation':
        type = 'contract.cancellation-requested';
        payload = {
          contractId: `ctr-${eventId.slice(-12)}`,
          reason: pick(['competitor', 'price', 'service-quality', 'moving']),
          effectiveOn: '2027-01-31',
        };
        break;
      case 'competitor-call':
      case 'call':
        type = 'call.completed';
        payload = {
          direction: 'inbound',
          durationSeconds: int(30, 900),
          outcome: pick(['resolved', 'unresolved', 'callback']),
          reason: 'bill higher than expected',
          agentId: `agent-${int(1, 40)}`,
          signals:
            kind === 'call' ? ['price-complaint'] : ['competitor-mentioned', 'price-complaint'],
        };
        break;
      case 'detractor-survey':
      case 'promoter-survey':
        type = 'survey.answered';
        payload = {
          score: kind === 'detractor-survey' ? int(0, 6) : int(7, 10),
          scale: 'nps-0-10',
          surveyId: 'post-call',
          channel: 'sms',
        };
        break;
      case 'incident':
        incidents += 1;
        customerId = `lc-${runTag}-inc-${Math.floor((incidents - 1) / 2)}`;
        if (incidents % 2 === 1) fires = null; // the first of a pair only counts
        type = 'service.incident';
        payload = { kind: 'outage', durationMinutes: int(5, 240), incidentId: `inc-${incidents}` };
        break;
      case 'purchase':
        type = 'purchase.completed';
        payload = {
          amount: int(5, 450),
          currency: 'EUR',
          productId: 'fibre-1g',
          quantity: 1,
          orderId: `ord-${eventId.slice(-14)}`,
          channel: 'web',
        };
        break;
      case 'complaint':
        type = 'complaint.filed';
        payload = {
          complaintId: `cmp-${eventId.slice(-14)}`,
          category: pick(['network', 'billing', 'service']),
          severity: pick(['low', 'high']),
          channel: 'phone',
        };
        break;
      default:
        type = 'payment.recorded';
        payload = {
          amount: 39.99,
          currency: 'EUR',
          status: pick(['on-time', 'late']),
          invoiceId: `inv-${eventId.slice(-14)}`,
          dueDate: '2026-11-01',
        };
    }
    if (fires && firedPairs.has(`${customerId}|${fires}`)) {
      suppressedByCooldown += 1;
    } else if (fires) {
      firedPairs.add(`${customerId}|${fires}`);
      firing += 1;
      expected[fires] = (expected[fires] ?? 0) + 1;
    }
    const value = JSON.stringify({
      eventId,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      customerId,
      source: 'bench',
      correlationId: `corr-${eventId.slice(-24)}`,
      payload,
    });
    return {
      key: customerId,
      value,
      headers: { 'cip-event-type': type, 'cip-schema-version': '1' },
    };
  }
  return {
    makeEvent,
    expected: () => ({ firing, byTrigger: { ...expected }, suppressedByCooldown }),
  };
}

/**
 * Open loop. Event `seq` is meant to leave at `startEpoch + seq * 1000 / rate`; that instant is in
 * its id. Returns acceptance figures (broker acknowledgement minus intended send time).
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
}) {
  const total = Math.round((rate * durationMs) / 1_000);
  const ackLatency = new Float64Array(total).fill(Number.POSITIVE_INFINITY);
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let dropped = 0;
  let outstanding = 0;
  const startPerf = performance.now() + 20;
  const startEpoch = performance.timeOrigin + startPerf;
  let resolveDone;
  const done = new Promise((resolve) => (resolveDone = resolve));
  let finished = false;
  const settle = () => {
    if (finished && outstanding === 0) resolveDone();
  };
  const timer = setInterval(() => {
    const elapsed = performance.now() - startPerf;
    const due = Math.min(total, Math.floor((elapsed * rate) / 1_000) + 1);
    if (due > sent) {
      const messages = [];
      const seqs = [];
      for (; sent < due; sent++) {
        if (outstanding + messages.length >= maxOutstanding) {
          dropped += 1;
          continue;
        }
        const intendedOffset = (sent * 1_000) / rate;
        messages.push(
          makeEvent(`${phase}-${runTag}-${sent}-${(startEpoch + intendedOffset).toFixed(2)}`),
        );
        seqs.push([sent, startPerf + intendedOffset]);
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
    if (sent >= total) {
      clearInterval(timer);
      finished = true;
      settle();
    }
  }, 1);
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

module.exports = { eventFactory, produceOpenLoop, MIX };
