'use strict';
// Preload for a service process (`BENCH_SERVICE_NODE_ARGS="-r ./bench/segmentation/gc-timeline.js"`):
// one line per garbage collection in <BENCH_GC_TIMELINE_DIR or .run/logs>/gc-timeline-<pid>.log,
//   <epoch ms at start> <minor|major|incremental|weak> <pause ms> ab=<ArrayBuffer MB> heap=<used MB>
// and `lag <ms>` lines when a 10 ms timer fires over 5 ms late (the event loop was held).
// ArrayBuffer memory after each scavenge shows what reaches the old generation outside V8's heap:
// its growth past 64 MB since the last full collection starts one ("external memory pressure").
// `node bench/segmentation/slow-vs-gc.js` lines these up with the sink's slow events.
const fs = require('node:fs');
const path = require('node:path');
const { constants } = require('node:perf_hooks');

const dir = process.env.BENCH_GC_TIMELINE_DIR ?? path.resolve(__dirname, '..', '..', '.run/logs');
fs.mkdirSync(dir, { recursive: true });
const out = fs.openSync(path.join(dir, `gc-timeline-${process.pid}.log`), 'w');
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};
const mb = (bytes) => (bytes / 1e6).toFixed(1);

new PerformanceObserver((list) => {
  const { arrayBuffers, heapUsed } = process.memoryUsage();
  for (const entry of list.getEntries()) {
    const startMs = performance.timeOrigin + entry.startTime;
    const kind = KINDS[entry.detail?.kind] ?? String(entry.detail?.kind);
    fs.writeSync(
      out,
      `${startMs.toFixed(1)} ${kind} ${entry.duration.toFixed(2)} ab=${mb(arrayBuffers)} heap=${mb(heapUsed)}\n`,
    );
  }
}).observe({ entryTypes: ['gc'] });

const TICK_MS = 10;
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  const lateMs = now - last - TICK_MS;
  last = now;
  if (lateMs > 5)
    fs.writeSync(out, `${(performance.timeOrigin + now).toFixed(1)} lag ${lateMs.toFixed(1)}\n`);
}, TICK_MS).unref();
