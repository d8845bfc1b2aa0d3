'use strict';
// Lines up a phase's slow events (sink, BENCH_SLOW_EVENTS_DIR) with a service's GC timeline
// (gc-timeline.js): how many were meant to be sent near a full collection, and the worst 250 ms
// slots with the collections and event-loop stalls around them.
// `node bench/segmentation/slow-vs-gc.js <slow-events-L.json> <gc-timeline-<pid>.log>`
const fs = require('node:fs');

/** A slow event counts as near a full collection from this long before its end to after it. */
const BEFORE_MS = 400;
const AFTER_MS = 300;
const SLOT_MS = 250;

function readTimeline(file) {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .map(([atMs, kind, ms]) => ({ atMs: Number(atMs), kind, ms: Number(ms) }));
}

function main([slowFile, timelineFile]) {
  if (!slowFile || !timelineFile) {
    console.error('usage: slow-vs-gc.js <slow-events-<phase>.json> <gc-timeline-<pid>.log>');
    process.exit(2);
  }
  const slow = JSON.parse(fs.readFileSync(slowFile, 'utf8'));
  if (slow.length === 0) return console.log('no slow events');
  const timeline = readTimeline(timelineFile);
  const first = Math.min(...slow.map((e) => e.intendedMs));
  const last = Math.max(...slow.map((e) => e.intendedMs));
  const majors = timeline.filter(
    (e) => e.kind === 'major' && e.atMs > first - 2_000 && e.atMs < last + 2_000,
  );
  const nearMajor = (ms) =>
    majors.some((m) => ms > m.atMs + m.ms - BEFORE_MS && ms < m.atMs + m.ms + AFTER_MS);
  const near = slow.filter((e) => nearMajor(e.intendedMs)).length;
  console.log(
    `${slow.length} slow events; ${near} meant to be sent near one of ${majors.length} full collections (pauses ${majors.map((m) => m.ms.toFixed(0)).join(', ')} ms)`,
  );
  const slots = new Map();
  for (const { intendedMs, latencyMs } of slow) {
    const slot = Math.floor(intendedMs / SLOT_MS) * SLOT_MS;
    const entry = slots.get(slot) ?? { count: 0, maxMs: 0 };
    entry.count += 1;
    entry.maxMs = Math.max(entry.maxMs, latencyMs);
    slots.set(slot, entry);
  }
  const worst = [...slots].sort((a, b) => b[1].count - a[1].count).slice(0, 10);
  for (const [slot, { count, maxMs }] of worst) {
    const around = timeline
      .filter((e) => e.atMs >= slot - BEFORE_MS && e.atMs < slot + SLOT_MS + AFTER_MS)
      .filter((e) => e.kind !== 'minor' || e.ms > 5)
      .map((e) => `${e.kind} ${e.ms.toFixed(0)} ms at ${(e.atMs - slot).toFixed(0)}`);
    console.log(
      `${new Date(slot).toISOString().slice(11, 23)}  ${String(count).padStart(4)} slow, max ${Math.round(maxMs)} ms  ${around.join('; ') || '(no GC or stall near)'}`,
    );
  }
}

main(process.argv.slice(2));
