'use strict';
// What a kafkajs producer sending 25 messages every 5 ms (5,000 a second, as the open-loop
// generator does) leaves for the old generation, by how Produce requests are encoded:
// `node bench/segmentation/producer-promotion-probe.js` (needs the local stack's Kafka at
// KAFKA_BROKERS, default 127.0.0.1:9092; `npm run build` first). Each case runs in a child
// process with --trace-gc-nvp and a 2 MB young generation for ~10 s against a scratch topic, and
// prints the bytes promoted per scavenge. Promoted data dies only at the next full collection.
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const CASES = {
  kafkajs: "kafkajs' own encoding",
  closure: 'our encoding, `request.encode` replaced by an arrow function (until 2026-11-28)',
  patched: 'our encoding, `request.encode` replaced by a bound function (applyKafkajsPatches)',
};

/** The produce-encoding patch as it was until 2026-11-28: a closure per request. */
function installClosureForm() {
  const { requests } = require(path.join(root, 'node_modules/kafkajs/src/protocol/requests'));
  const Encoder = require(path.join(root, 'node_modules/kafkajs/src/protocol/encoder'));
  const { encodeProduceRequest } = require(
    path.join(root, 'dist/libs/kafka/src/produce-request.encoder.js'),
  );
  const versionOf = requests.Produce.protocol.bind(requests.Produce);
  requests.Produce.protocol = ({ version }) => {
    const factory = versionOf({ version });
    return (fields) => {
      const built = factory(fields);
      const kafkajsEncode = built.request.encode.bind(built.request);
      built.request.encode = async () => {
        const body = encodeProduceRequest(fields);
        if (body === undefined) return kafkajsEncode();
        return Object.assign(Object.create(Encoder.prototype), { buf: body, offset: body.length });
      };
      return built;
    };
  };
}

async function child(name) {
  const { Kafka, logLevel } = require('kafkajs');
  const bus = require(path.join(root, 'dist/libs/kafka/src/index.js'));
  if (name === 'patched') bus.applyKafkajsPatches();
  if (name === 'closure') installClosureForm();
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = new Kafka({ clientId: 'promotion-probe', brokers, logLevel: logLevel.NOTHING });
  const topic = `t-promotion-probe-${process.pid}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  const producer = kafka.producer({ createPartitioner: bus.KeyHashPartitioner });
  await producer.connect();
  console.log('PROBE-START');
  const value = JSON.stringify({ type: 'visit.completed', payload: { page: 'x'.repeat(300) } });
  let seq = 0;
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    const messages = Array.from({ length: 25 }, () => ({ key: `c${seq++ % 1000}`, value }));
    void producer.send({ topic, acks: -1, messages }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
}

function measure(name) {
  const run = spawnSync(
    process.execPath,
    ['--max-semi-space-size=2', '--trace-gc-nvp', __filename, '--child', name],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: root },
  );
  if (run.status !== 0) throw new Error(`${name}: ${run.stderr || run.stdout}`);
  const promoted = run.stdout
    .slice(run.stdout.indexOf('PROBE-START'))
    .split('\n')
    .filter((line) => line.includes(' gc=s '))
    .map((line) => Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0))
    .slice(2); // the first ones still carry the set-up
  const total = promoted.reduce((sum, bytes) => sum + bytes, 0);
  return {
    scavenges: promoted.length,
    totalMb: total / 1e6,
    perScavengeKb: total / 1e3 / Math.max(1, promoted.length),
  };
}

if (process.argv[2] === '--child') {
  child(process.argv[3]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  console.log('| Case | Scavenges | Promoted per scavenge | Promoted in all |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, label] of Object.entries(CASES)) {
    const { scavenges, totalMb, perScavengeKb } = measure(name);
    console.log(
      `| ${label} | ${scavenges} | ${perScavengeKb.toFixed(1)} KB | ${totalMb.toFixed(1)} MB |`,
    );
  }
}
