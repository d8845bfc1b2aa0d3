'use strict';
// Summarises a V8 .cpuprofile of the service (BENCH_PROFILE=1 writes one to .run/profiles/):
// self time by package / area and the top functions; and its .heapprofile beside it (sampled
// allocations, garbage included): bytes by area and the top allocating functions.
// `node bench/segmentation/profile-summary.js <file.cpuprofile | file.heapprofile>`
const fs = require('node:fs');

function areaOf(url) {
  if (!url) return '(native / gc / idle)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1].startsWith('@opentelemetry') ? '@opentelemetry/*' : m[1];
  const d = /dist\/(libs|apps)\/([^/]+)/.exec(url);
  if (d) return `${d[1]}/${d[2]}`;
  if (url.startsWith('node:')) return 'node core';
  return url;
}

const functionKey = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}`;

function summariseAllocations(file, top = 25) {
  const { head } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const areas = new Map();
  const fns = new Map();
  let total = 0;
  const visit = (node) => {
    const bytes = node.selfSize;
    total += bytes;
    const area = areaOf(node.callFrame.url);
    areas.set(area, (areas.get(area) ?? 0) + bytes);
    const key = functionKey(node.callFrame);
    fns.set(key, (fns.get(key) ?? 0) + bytes);
    for (const child of node.children) visit(child);
  };
  visit(head);
  const pct = (bytes) => `${((bytes / total) * 100).toFixed(1)} %`;
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return {
    sampledMegabytes: Math.round(total / 1e6),
    areas: sorted(areas).map(([k, v]) => [k, pct(v)]),
    top: sorted(fns)
      .slice(0, top)
      .map(([k, v]) => [k, pct(v)]),
  };
}

function summarise(file, top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
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
          : areaOf(url);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = functionKey({ functionName, url, lineNumber });
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

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  const summary = file.endsWith('.heapprofile') ? summariseAllocations : summarise;
  console.log(JSON.stringify(summary(file, Number(top ?? 25)), null, 1));
}
module.exports = { summarise, summariseAllocations };
