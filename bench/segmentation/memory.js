'use strict';
// Redis memory of the segmentation state: used_memory deltas, a MEMORY USAGE sample of customer
// hashes, where a hash's bytes go, and the same population with the standard feature set only.
const preload = require('./preload');

async function usedMemory(redis) {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)[1]);
}

/** MEMORY USAGE, encoding and field count of a random sample of customer hashes. */
async function sampleHashes(redis, prefix, customers, size) {
  const random = preload.mulberry32(99);
  const ids = Array.from({ length: Math.min(size, customers) }, () =>
    preload.customerId(Math.floor(random() * customers)),
  );
  const pipeline = redis.pipeline();
  for (const id of ids) {
    const key = `${prefix}cust:{${id}}:seg:feat`;
    pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    pipeline.object('ENCODING', key);
    pipeline.hlen(key);
  }
  const replies = await pipeline.exec();
  const usage = [];
  let listpack = 0;
  let fields = 0;
  for (let i = 0; i < ids.length; i++) {
    usage.push(Number(replies[3 * i][1]));
    if (replies[3 * i + 1][1] === 'listpack' || replies[3 * i + 1][1] === 'ziplist') listpack += 1;
    fields += Number(replies[3 * i + 2][1]);
  }
  usage.sort((a, b) => a - b);
  return {
    sample: ids.length,
    memoryUsageBytes: {
      mean: Math.round(usage.reduce((a, b) => a + b, 0) / usage.length),
      p50: usage[Math.floor(usage.length * 0.5)],
      p99: usage[Math.floor(usage.length * 0.99)],
      max: usage[usage.length - 1],
    },
    listpackShare: listpack / ids.length,
    meanFields: Math.round((fields / ids.length) * 10) / 10,
  };
}

function fieldBreakdown(templates) {
  const groups = {};
  for (const t of templates) {
    for (let i = 0; i < t.fields.length; i += 2) {
      const name = t.fields[i];
      // Series fields are named by their 5-character code (`s:<code>` before 2026-11-26).
      const group =
        name.length === 5 || name.startsWith('s:')
          ? 'series'
          : name.startsWith('p:')
            ? 'p:* (profile)'
            : name;
      groups[group] = (groups[group] ?? 0) + name.length + t.fields[i + 1].length;
    }
  }
  const overLimit = templates.filter((t) =>
    t.fields.some((v, i) => i % 2 === 1 && v.length > 512),
  ).length;
  return {
    meanBytes: Object.fromEntries(
      Object.entries(groups)
        .map(([k, v]) => [k, Math.round(v / templates.length)])
        .sort((a, b) => b[1] - a[1]),
    ),
    historiesWithAValueOver512Bytes: overLimit / templates.length,
  };
}

/**
 * Issue #4 aims at 1 KB per customer "for the standard feature set" (ADR 0007): the same
 * population (same seeds, same number of customers) written again under its own key prefix with
 * the catalog a deployment starts with, the built-in model packs (RFM aside, as in the main
 * catalog), whose series are the standard set plus what the packs read. used_memory delta per
 * customer (hashes, bitmaps, timers) and the hash sample, then the keys are removed.
 */
async function measureStandardSet({
  redis,
  seg,
  prefix,
  customers,
  histories,
  nowMs,
  packDefinitions,
}) {
  const catalog = seg.buildSegmentCatalog({
    active: packDefinitions.map((d, i) => ({
      id: d.id,
      version: 1,
      code: i + 1,
      name: d.name,
      strategy: d.strategy,
      condition: seg.parseCondition(d.condition),
    })),
  });
  const simulated = preload.simulateHistories({ histories, spec: catalog.spec, nowMs });
  const templates = preload.evaluateHistories(simulated.features, catalog, nowMs);
  const before = await usedMemory(redis);
  await preload.writeRedis({
    redis,
    prefix,
    customers,
    templates,
    codes: new Map(catalog.active.map((s) => [s.id, s.code])),
    onProgress: () => undefined,
  });
  const after = await usedMemory(redis);
  const result = {
    segments: catalog.active.length,
    series: Object.keys(catalog.spec.series).length,
    bytesPerCustomerAll: Math.round((after - before) / customers),
    hashSample: await sampleHashes(redis, prefix, customers, 2_000),
    fieldBytes: fieldBreakdown(templates),
  };
  await removeKeys(redis, `${prefix}*`);
  return result;
}

/** Every key matching `pattern` (SCAN, then UNLINK per page). */
async function removeKeys(redis, pattern) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 10_000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

module.exports = { usedMemory, sampleHashes, fieldBreakdown, measureStandardSet, removeKeys };
