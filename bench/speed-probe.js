#!/usr/bin/env node
'use strict';
// How fast this machine runs a fixed piece of JavaScript right now. The benchmarks share a 2-core
// machine whose speed drifts by up to ~1.7x between runs (other tenants): a run reports this
// probe at its start and end, so two runs are compared only at similar probe times. The workload
// depends on nothing in the repository (JSON, strings, small arrays, sorting, garbage), so a code
// change never moves it. `node bench/speed-probe.js` prints its JSON result.
const { fork } = require('node:child_process');

const ROUNDS = 5;

function workload() {
  let random = 42;
  const next = () => {
    random = (Math.imul(random, 1_103_515_245) + 12_345) | 0;
    return (random >>> 8) / 16_777_216;
  };
  let checksum = 0;
  for (let batch = 0; batch < 40; batch++) {
    const rows = [];
    for (let i = 0; i < 2_000; i++) {
      const days = [];
      for (let d = 0; d < 12; d++) days.push([d, Math.floor(next() * 9), Math.floor(next() * 1e5)]);
      rows.push({
        id: `c-${batch}-${i}`,
        amount: next() * 1_000,
        tag: next() < 0.5 ? 'a' : 'b',
        days,
      });
    }
    const text = JSON.stringify(rows);
    const back = JSON.parse(text);
    back.sort((a, b) => a.amount - b.amount);
    for (const row of back) for (const day of row.days) checksum = (checksum + day[1] * day[2]) | 0;
    checksum = (checksum + text.length) | 0;
  }
  return checksum;
}

/** Milliseconds per round of the workload (median of ROUNDS, after one warm-up), in this process. */
function measure() {
  workload();
  const times = [];
  let checksum = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    checksum = workload();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Math.round(times[ROUNDS >> 1]), minMs: Math.round(times[0]), checksum };
}

/** The probe in a fresh child process (its own heap, no JIT state from the caller). */
function probe() {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`speed probe exited with ${code}`));
    });
  });
}

if (require.main === module) {
  if (process.argv.includes('--child')) process.send(measure(), () => process.exit(0));
  else probe().then((result) => console.log(JSON.stringify(result)));
}
module.exports = { probe };
