'use strict';
// Ceilings measured in the same run: Kafka's own consumer perf tool on the run's contact-events
// topic (org.apache.kafka.tools.ConsumerPerformance from the jars the local stack resolves) and
// redis-benchmark against the shared Redis, on a real customer hash of the run.
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

function run(command, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** ConsumerPerformance: `messages` records from the beginning of `topic`, one consumer. */
async function consumerPerf({ root, brokers, topic, messages, group, timeoutMs = 120_000 }) {
  const args = [
    '-cp',
    path.join(root, '.cache', 'kafka', 'libs', '*'),
    'org.apache.kafka.tools.ConsumerPerformance',
    '--bootstrap-server',
    brokers,
    '--topic',
    topic,
    '--messages',
    String(messages),
    '--group',
    group,
    '--timeout',
    '10000',
  ];
  const { code, out } = await run('java', args, timeoutMs);
  // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const line = out
    .split('\n')
    .find((l) => /^\d{4}-\d\d-\d\d .*,\s*[\d.]+,\s*[\d.]+,\s*\d+,/.test(l));
  if (code !== 0 || !line)
    throw new Error(`ConsumerPerformance failed (exit ${code}):\n${out.slice(-2_000)}`);
  const f = line.split(',').map((s) => s.trim());
  return {
    command: `java -cp '.cache/kafka/libs/*' org.apache.kafka.tools.ConsumerPerformance --bootstrap-server ${brokers} --topic <run contact-events> --messages ${messages} --group <fresh> --timeout 10000`,
    mb: Number(f[2]),
    mbPerSecond: Number(f[3]),
    messages: Number(f[4]),
    messagesPerSecond: Number(f[5]),
    rebalanceMs: Number(f[6]),
    fetchMs: Number(f[7]),
    fetchMessagesPerSecond: Number(f[9]),
  };
}

/** redis-benchmark, if installed: GET/SET defaults, HGETALL and a read-only EVAL on a customer hash. */
async function redisBenchmark({ redisUrl, key, requests = 100_000 }) {
  const which = spawnSync('sh', ['-c', 'command -v redis-benchmark'], { encoding: 'utf8' });
  if (which.status !== 0) return { installed: false };
  const url = new URL(redisUrl);
  const base = [
    '-h',
    url.hostname,
    '-p',
    url.port || '6379',
    '-q',
    '-c',
    '50',
    '-n',
    String(requests),
  ];
  const parse = (out) => {
    const rows = {};
    for (const raw of out.split(/[\r\n]+/)) {
      const m = /^(.*?):\s*([\d.]+) requests per second/.exec(raw.trim());
      if (m) rows[m[1].trim()] = Number(m[2]);
    }
    return rows;
  };
  const results = {};
  const defaults = await run('redis-benchmark', [...base, '-t', 'get,set,hset'], 120_000);
  results.defaults = parse(defaults.out);
  for (const [name, pipeline, args] of [
    ['HGETALL customer hash', 1, ['HGETALL', key]],
    ['HGETALL customer hash, pipeline 16', 16, ['HGETALL', key]],
    [
      'EVAL HGET (read-only script) on customer hash',
      1,
      ['EVAL', "return redis.call('HGET', KEYS[1], 'w')", '1', key],
    ],
  ]) {
    const out = await run('redis-benchmark', [...base, '-P', String(pipeline), ...args], 120_000);
    const values = Object.values(parse(out.out));
    results[name] = values[0] ?? null;
  }
  return {
    installed: true,
    command: `redis-benchmark -q -c 50 -n ${requests} [-P 16] <test>`,
    results,
  };
}

module.exports = { consumerPerf, redisBenchmark };
