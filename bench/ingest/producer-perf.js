'use strict';
// The raw Kafka ceiling on this machine: Kafka's own Java producer perf tool
// (org.apache.kafka.tools.ProducerPerformance from the kafka-tools jar the local stack resolves),
// acks=all like our API, flat out, against the same broker and a 12-partition topic.
const { spawn } = require('node:child_process');
const path = require('node:path');

const SUMMARY =
  /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th/;

/**
 * @param {{ root: string, brokers: string, topic: string, records: number, recordSize: number, timeoutMs: number }} options
 */
function runProducerPerf({ root, brokers, topic, records, recordSize, timeoutMs }) {
  const args = [
    '-cp',
    path.join(root, '.cache', 'kafka', 'libs', '*'),
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const match = SUMMARY.exec(out);
      if (code !== 0 || !match) {
        reject(new Error(`ProducerPerformance failed (exit ${code}):\n${out.slice(-2_000)}`));
        return;
      }
      const [, sent, perSec, mbPerSec, avg, max, p50, p95, p99, p999] = match;
      resolve({
        command: `java -cp '.cache/kafka/libs/*' org.apache.kafka.tools.ProducerPerformance --topic <bench topic> --num-records ${records} --record-size ${recordSize} --throughput -1 --producer-props bootstrap.servers=${brokers} acks=all`,
        records: Number(sent),
        recordSize,
        recordsPerSecond: Number(perSec),
        mbPerSecond: Number(mbPerSec),
        latencyMs: {
          avg: Number(avg),
          max: Number(max),
          p50: Number(p50),
          p95: Number(p95),
          p99: Number(p99),
          p999: Number(p999),
        },
      });
    });
  });
}

module.exports = { runProducerPerf };
