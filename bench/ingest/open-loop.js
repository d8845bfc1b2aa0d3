'use strict';
// Open-loop HTTP load: requests are scheduled at a fixed rate whatever the server does, and each
// latency is measured from the request's *intended* send time. A closed-loop tool (each
// connection waits for its answer before sending again) sends less when the server slows down
// and so hides the queueing delay (coordinated omission); this one does not.
const { Pool } = require('undici');

/** Scheduling granularity: every tick sends whatever the schedule says is due by now. */
const TICK_MS = 1;

/**
 * @param {object} options
 * @param {string} options.origin        e.g. http://127.0.0.1:3101
 * @param {string} options.path
 * @param {number} options.rate          requests per second
 * @param {number} options.durationMs
 * @param {(seq: number) => string} options.body   JSON text of request `seq`
 * @param {(status: number, text: string) => number} [options.eventsAccepted]  events a 2xx answer accepted
 * @param {number} [options.connections]
 * @param {number} [options.maxOutstanding]  requests in flight beyond which the driver itself gives up on a send (counted as an error)
 * @param {Record<string,string>} [options.headers]
 */
async function runOpenLoop(options) {
  const {
    origin,
    path,
    rate,
    durationMs,
    body,
    connections = 64,
    maxOutstanding = 5_000,
    headers = {},
  } = options;
  const eventsAccepted = options.eventsAccepted ?? ((status) => (status === 202 ? 1 : 0));
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const total = Math.round((rate * durationMs) / 1_000);
  const latencies = new Float64Array(total);
  const statuses = new Map();
  let done = 0;
  let sent = 0;
  let outstanding = 0;
  let dropped = 0;
  let transportErrors = 0;
  let accepted = 0;
  let lastCompletion = 0;

  const started = performance.now() + 20;
  let resolveAll;
  const allDone = new Promise((resolve) => (resolveAll = resolve));
  const finish = (seq, latency) => {
    latencies[seq] = latency;
    done += 1;
    lastCompletion = performance.now();
    if (done === total) resolveAll();
  };

  const send = (seq) => {
    const intended = started + (seq * 1_000) / rate;
    if (outstanding >= maxOutstanding) {
      dropped += 1;
      finish(seq, Number.POSITIVE_INFINITY);
      return;
    }
    outstanding += 1;
    pool
      .request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...headers },
        body: body(seq),
      })
      .then(async (response) => {
        const text = await response.body.text();
        const latency = performance.now() - intended;
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        accepted += eventsAccepted(response.statusCode, text);
        outstanding -= 1;
        finish(seq, response.statusCode < 300 ? latency : Number.POSITIVE_INFINITY);
      })
      .catch(() => {
        transportErrors += 1;
        outstanding -= 1;
        finish(seq, Number.POSITIVE_INFINITY);
      });
  };

  const timer = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1_000) + 1);
    while (sent < due) send(sent++);
    if (sent >= total) clearInterval(timer);
  }, TICK_MS);

  await allDone;
  const elapsedS = (lastCompletion - started) / 1_000;
  await pool.close();
  return summarise({
    rate,
    durationMs,
    total,
    latencies,
    statuses,
    dropped,
    transportErrors,
    accepted,
    elapsedS,
  });
}

function summarise({
  rate,
  durationMs,
  total,
  latencies,
  statuses,
  dropped,
  transportErrors,
  accepted,
  elapsedS,
}) {
  const sorted = Float64Array.from(latencies).sort();
  const ok = sorted.findIndex((value) => !Number.isFinite(value));
  const okCount = ok === -1 ? sorted.length : ok;
  const errors = total - okCount;
  // Percentiles over all requests: a failed request counts as infinitely slow.
  const pct = (p) => {
    const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    return Number.isFinite(value) ? round(value) : null;
  };
  return {
    offeredRate: rate,
    durationS: durationMs / 1_000,
    requests: total,
    ok: okCount,
    errors,
    errorRate: round(errors / total, 4),
    statuses: Object.fromEntries(statuses),
    droppedByDriver: dropped,
    transportErrors,
    achievedRate: round(okCount / elapsedS),
    eventsAccepted: accepted,
    eventsPerSecond: round(accepted / elapsedS),
    elapsedS: round(elapsedS),
    latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99), p999: pct(99.9), max: pct(100) },
  };
}

function round(value, digits = 2) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

module.exports = { runOpenLoop };
