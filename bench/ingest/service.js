'use strict';
// The ingestion service under test, started from dist/ as its own process on a free port.
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

async function waitReady(origin, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ingestion exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${origin}/health/ready`);
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`ingestion did not become ready (${last})`);
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * @param {{ root: string, env: Record<string,string>, logFile: string }} options
 */
async function startIngestion({ root, env, logFile }) {
  const port = await freePort();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      path.join(root, 'dist/apps/ingestion/src/main.js'),
    ],
    { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', log, log] },
  );
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitReady(origin, child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}; see ${path.relative(root, logFile)}`);
  }
  return {
    origin,
    pid: child.pid,
    cpuSeconds: () => cpuSeconds(child.pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

module.exports = { startIngestion };
