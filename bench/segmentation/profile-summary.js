'use strict';
// Summarises a V8 .cpuprofile of the service (BENCH_PROFILE=1 writes one to .run/profiles/):
// self time by package / area and the top functions. `node bench/segmentation/profile-summary.js <file>`
const fs = require('node:fs');

function summarise(file, top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const area = (url) => {
    if (!url) return '(native / gc / idle)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1].startsWith('@opentelemetry') ? '@opentelemetry/*' : m[1];
    const d = /dist\/(libs|apps)\/([^/]+)/.exec(url);
    if (d) return `${d[1]}/${d[2]}`;
    if (url.startsWith('node:')) return 'node core';
    return url;
  };
  const areas = new Map();
  const fns = new Map();
  for (const [id, us] of self) {
    const node = byId.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    const a =
      functionName === '(idle)'
        ? '(idle)'
        : functionName === '(garbage collector)'
          ? '(gc)'
          : area(url);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const pct = (us) => `${((us / total) * 100).toFixed(1)} %`;
  const busy = total - (areas.get('(idle)') ?? 0);
  return {
    seconds: total / 1e6,
    busySeconds: busy / 1e6,
    areas: [...areas]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k, pct(v), `${((v / busy) * 100).toFixed(1)} % of busy`]),
    top: [...fns]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, pct(v)]),
  };
}

if (require.main === module)
  console.log(JSON.stringify(summarise(process.argv[2], Number(process.argv[3] ?? 25)), null, 1));
module.exports = { summarise };
