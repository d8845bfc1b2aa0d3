'use strict';
// The segmentation service under test, started from dist/ as its own process on a free port with
// the run's isolation env (as bench/ingest/service.js does for ingestion).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { SERVICES } = require('../../tools/demo/services');
const { statCpuSeconds } = require('./machine-cpu');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  try {
    return statCpuSeconds(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'), false);
  } catch {
    return Number.NaN;
  }
}

/**
 * @param {{ root: string, env: Record<string,string>, logFile: string, profileDir?: string }} options
 */
async function startSegmentation({ root, env, logFile, profileDir, main }) {
  const port = await freePort();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  // The flags `npm start` runs the service with, then any of the run's own (e.g. --trace-gc).
  const { nodeFlags } = SERVICES.find((service) => service.name === 'segmentation');
  const args = ['--disable-warning=TimeoutNegativeWarning', ...nodeFlags];
  args.push(...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean));
  // Profiling goes through the inspector (Profiler.start/stop over its WebSocket): --cpu-prof
  // only writes at a clean exit, and a service stuck in a batch is killed at the end.
  if (profileDir) args.push('--inspect=127.0.0.1:0');
  args.push(main ?? path.join(root, 'dist/apps/segmentation/src/main.js'));
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  let last = 'no answer';
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `segmentation exited with code ${child.exitCode}; see ${path.relative(root, logFile)}:\n${tail(logFile)}`,
      );
    }
    try {
      const response = await fetch(`${origin}/health/ready`);
      if (response.status === 200) break;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error.message;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `segmentation did not become ready (${last}); see ${path.relative(root, logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const inspector = profileDir ? await connectInspector(logFile) : undefined;
  return {
    origin,
    inspector,
    pid: child.pid,
    alive: () => child.exitCode === null,
    cpuSeconds: () => cpuSeconds(child.pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A minimal Chrome DevTools Protocol client for the service's inspector (Node's global WebSocket). */
async function connectInspector(logFile) {
  const deadline = Date.now() + 10_000;
  let url;
  while (!url && Date.now() < deadline) {
    url = /Debugger listening on (ws:\/\/\S+)/.exec(fs.readFileSync(logFile, 'utf8'))?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!url) throw new Error('no inspector URL in the service log');
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let id = 0;
  const waiting = new Map();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    const entry = waiting.get(message.id);
    if (!entry) return;
    waiting.delete(message.id);
    if (message.error) entry.reject(new Error(message.error.message));
    else entry.resolve(message.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      id += 1;
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async startProfile() {
      await send('Profiler.enable');
      await send('Profiler.setSamplingInterval', { interval: 1000 });
      await send('Profiler.start');
      // Allocation sampling, collected objects included: where the garbage comes from.
      await send('HeapProfiler.enable');
      await send('HeapProfiler.startSampling', {
        samplingInterval: 65_536,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    },
    /** Stops and writes the .cpuprofile (and the allocations beside it, .heapprofile); returns its path. */
    async stopProfile(file) {
      const { profile } = await send('Profiler.stop');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(profile));
      const { profile: allocations } = await send('HeapProfiler.stopSampling');
      fs.writeFileSync(file.replace(/\.cpuprofile$/, '.heapprofile'), JSON.stringify(allocations));
      socket.close();
      return file;
    },
  };
}

function tail(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    return '';
  }
}

/**
 * `count` instances of the service in one consumer group (they share the partitions; one of them
 * claims a backfill job, or the extra backfill worker does). The first serves the bench's HTTP calls;
 * `profileInstance` (0, the first) is the one profiled; CPU is
 * the sum over all of them.
 */
async function startSegmentationInstances({
  count = 1,
  backfillWorker = false,
  logFile,
  profileDir,
  profileInstance = 0,
  env,
  ...options
}) {
  const instances = [];
  // With a backfill worker, the `count` instances consume events and fire timers, and one more
  // runs the re-evaluation jobs only (SEGMENTATION_WORKLOADS).
  const total = count + (backfillWorker ? 1 : 0);
  const workloadsOf = (i) =>
    !backfillWorker ? {} : { SEGMENTATION_WORKLOADS: i < count ? 'events,timers' : 'backfill' };
  try {
    for (let i = 0; i < total; i++) {
      instances.push(
        await startSegmentation({
          ...options,
          env: { ...env, ...workloadsOf(i) },
          logFile: i === 0 ? logFile : logFile.replace(/\.log$/, `-${i + 1}.log`),
          profileDir: i === profileInstance ? profileDir : undefined,
        }),
      );
    }
  } catch (error) {
    await Promise.all(instances.map((instance) => instance.stop()));
    throw error;
  }
  const [first] = instances;
  return {
    ...first,
    inspector: instances[profileInstance]?.inspector,
    pids: instances.map((instance) => instance.pid),
    alive: () => instances.every((instance) => instance.alive()),
    cpuSeconds: () => instances.reduce((sum, instance) => sum + instance.cpuSeconds(), 0),
    stop: async () => {
      const codes = await Promise.all(instances.map((instance) => instance.stop()));
      return codes.find((code) => code !== 0) ?? codes[0];
    },
  };
}

module.exports = { startSegmentation, startSegmentationInstances, cpuSeconds };
