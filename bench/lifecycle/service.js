'use strict';
// The lifecycle service under test, started from dist/ as its own process on a free port with the
// run's isolation env (the same contract as bench/ingest/service.js), ready once /health/ready
// answers 200.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

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
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function tail(file, lines = 25) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function startLifecycle({ root, env, logFile, profileDir }) {
  const port = await freePort();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      // BENCH_PROFILE=1: a V8 CPU profile of the service, written when it exits after SIGTERM.
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      path.join(root, 'dist/apps/lifecycle/src/main.js'),
    ],
    { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', log, log] },
  );
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  let last = 'no answer';
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`lifecycle exited with code ${child.exitCode}:\n${tail(logFile)}`);
    try {
      const response = await fetch(`${origin}/health/ready`);
      if (response.status === 200) break;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error.message;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`lifecycle did not become ready (${last}):\n${tail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    origin,
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

module.exports = { startLifecycle, tail };
