'use strict';
// Summarises a V8 .cpuprofile of the service (BENCH_PROFILE=1): self time by package / area and
// the top functions. Usage: node bench/lifecycle/profile-summary.js <file.cpuprofile>
const fs = require('node:fs');

function area(url) {
  if (!url) return '(native/V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const dist = /dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (dist) return dist[1];
  if (url.startsWith('node:')) return 'node core';
  return url;
}

function summarise(file, top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const areas = new Map();
  const fns = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    const key = ['(idle)', '(program)', '(garbage collector)'].includes(name)
      ? name
      : area(callFrame.url);
    areas.set(key, (areas.get(key) ?? 0) + us);
    const fkey = `${name} ${area(callFrame.url)}:${callFrame.lineNumber + 1}`;
    fns.set(fkey, (fns.get(fkey) ?? 0) + us);
  }
  const busy = total - (areas.get('(idle)') ?? 0);
  const rows = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({
        what: k,
        ms: Math.round(us / 1000),
        shareOfBusy: Math.round((us / busy) * 1000) / 10,
      }));
  return {
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    areas: rows(areas),
    functions: rows(fns),
  };
}

module.exports = { summarise };
if (require.main === module) console.log(JSON.stringify(summarise(process.argv[2]), null, 1));
