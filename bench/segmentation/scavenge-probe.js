'use strict';
// What survives V8's young-generation collections (scavenges) when short-lived data goes through
// a WeakMap, an accessor defined per object (as ioredis' Pipeline defines `length`), a function
// property replaced by a closure, or ioredis: `node bench/segmentation/scavenge-probe.js [cases]`
// (a comma-separated subset of CASES' names; needs Redis at REDIS_URL, default
// redis://127.0.0.1:6379, for the ioredis ones). Each case runs in a child process with --trace-gc-nvp and
// --max-semi-space-size=64 (as the service runs) for ~5 s and prints the mean bytes that survived
// and that were promoted per scavenge. Data that dies within a scavenge interval should do
// neither; what is promoted dies only at the next full (mark-compact) collection, and those
// collections are the service's stalls at 5,000 events/s (README, fourteenth round).
const { spawnSync } = require('node:child_process');

const CASES = {
  // Short-lived objects, ~1 KB each, in batches: the baseline.
  plain: 'plain objects',
  // The same objects used as keys of a long-lived WeakMap (as a memo per state would).
  weakmap: 'plain objects as keys of a module-level WeakMap',
  // Each object defines its own accessor, a closure over itself, as ioredis' Pipeline does.
  'accessor-per-object': 'plain objects, each with an accessor of its own (a closure over it)',
  // The same accessor, one function shared by every object.
  'accessor-shared': 'plain objects, each with the same accessor function',
  // Request objects whose `encode` an async caller reads and calls, as kafkajs does with a
  // Produce request: the closure written in the object literal, or assigned over it afterwards
  // (as the fast Produce encoding did until 2026-11-28), or a bound function assigned over it.
  'closure-in-literal':
    'request objects, encode() a closure of their literal, called by an async caller',
  'closure-assigned': 'the same, encode() then replaced by another closure',
  'bound-assigned': 'the same, encode() then replaced by a bound function',
  // 300 GETs of ~1 KB values per round trip.
  'ioredis-commands': 'ioredis, 300 GETs sent one by one, awaited together',
  'ioredis-pipeline': 'ioredis, the same 300 GETs in one pipeline',
  'ioredis-pipeline-queue-dropped':
    'ioredis, one pipeline, its queued commands dropped after exec (execPipeline until 2026-11-28)',
  'ioredis-pipeline-released':
    'ioredis, one pipeline, its commands, results and promise dropped after exec (execPipeline)',
  'ioredis-autopipelining': 'ioredis with enableAutoPipelining, 300 GETs awaited together',
};

/** An accessor defined per object, closing over it: V8 gives the object a map of its own. */
function defineOwnAccessor(object) {
  Object.defineProperty(object, 'length', { get: () => object.value.length });
}

function sharedLength() {
  return this.value.length;
}

/** One batch of request objects, each read and called by an async caller ~1 ms later. */
function sendRequests(name) {
  for (let i = 0; i < 200; i++) {
    const fields = { messages: [{ key: `c${i}`, value: 'x'.repeat(1_000) + Math.random() }] };
    const request = { apiKey: 0, encode: async () => fields.messages.length };
    if (name === 'closure-assigned') {
      const own = request.encode;
      request.encode = async () => own();
    }
    if (name === 'bound-assigned') request.encode = request.encode.bind(null);
    void (async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const { encode } = request;
      await encode();
    })();
  }
}

async function child(name) {
  const end = Date.now() + 5_000;
  if (name.endsWith('-assigned') || name === 'closure-in-literal') {
    while (Date.now() < end) {
      sendRequests(name);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return 0;
  }
  if (!name.startsWith('ioredis')) {
    const memo = new WeakMap();
    let live = [];
    while (Date.now() < end) {
      const batch = [];
      for (let i = 0; i < 2_000; i++) {
        const object = { id: `c${i}${Math.random()}`, value: 'x'.repeat(1_000) + i };
        if (name === 'weakmap') memo.set(object, { encoded: object.value + '!' });
        if (name === 'accessor-per-object') defineOwnAccessor(object);
        if (name === 'accessor-shared')
          Object.defineProperty(object, 'length', { get: sharedLength });
        batch.push(object);
      }
      live = batch; // the previous batch dies here
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return live.length;
  }
  const Redis = require('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    enableAutoPipelining: name === 'ioredis-autopipelining',
  });
  const prefix = `t:scavenge-probe:${process.pid}:`;
  const keys = Array.from({ length: 50 }, (_, i) => `${prefix}${i}`);
  try {
    for (const [i, key] of keys.entries()) await redis.set(key, 'x'.repeat(1_000) + i);
    while (Date.now() < end) {
      if (name.startsWith('ioredis-pipeline')) {
        const pipeline = redis.pipeline();
        for (let i = 0; i < 300; i++) pipeline.get(keys[i % 50]);
        await pipeline.exec();
        if (name !== 'ioredis-pipeline') pipeline._queue = [];
        if (name === 'ioredis-pipeline-released') {
          // as execPipeline does
          pipeline._result = [];
          pipeline.promise = pipeline.resolve = pipeline.reject = undefined;
        }
      } else {
        await Promise.all(Array.from({ length: 300 }, (_, i) => redis.get(keys[i % 50])));
      }
    }
  } finally {
    await redis.del(...keys);
    redis.disconnect();
  }
  return 0;
}

function measure(name) {
  const run = spawnSync(
    process.execPath,
    ['--max-semi-space-size=64', '--trace-gc-nvp', __filename, '--child', name],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`${name}: ${run.stderr || run.stdout}`);
  const scavenges = run.stdout
    .split('\n')
    .filter((line) => line.includes(' gc=s '))
    .map((line) => ({
      survived: Number(/new_space_survived=(\d+)/.exec(line)?.[1] ?? 0),
      promoted: Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0),
    }))
    .slice(2); // the first ones run while modules load
  const mean = (key) =>
    scavenges.reduce((sum, s) => sum + s[key], 0) / Math.max(1, scavenges.length);
  return {
    scavenges: scavenges.length,
    survivedMb: mean('survived') / 1e6,
    promotedMb: mean('promoted') / 1e6,
  };
}

if (process.argv[2] === '--child') {
  child(process.argv[3]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  console.log('| Case | Scavenges | Survived per scavenge | Promoted per scavenge |');
  console.log('| --- | --- | --- | --- |');
  const only = process.argv[2]?.split(',');
  for (const [name, label] of Object.entries(CASES).filter(([n]) => !only || only.includes(n))) {
    const { scavenges, survivedMb, promotedMb } = measure(name);
    console.log(
      `| ${label} | ${scavenges} | ${survivedMb.toFixed(1)} MB | ${promotedMb.toFixed(1)} MB |`,
    );
  }
}
