'use strict';
// Starts and stops the four services as background processes for the demo (`npm start`).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const runDir = path.join(root, '.run');
/**
 * `nodeFlags`: V8 settings a service is measured to need. Segmentation's calls keep thousands of
 * states alive while they run, and with a 64 MB young generation a collection copies them a
 * quarter as often: p99 at 5,000 events/s 42-60 ms (mean 51) in four runs against 54-60 ms
 * (mean 58) in three without, same CPU per event (bench/segmentation, tenth round). The
 * benchmark and compose start it with the same flags.
 */
const SERVICES = [
  { name: 'ingestion', port: 3001, nodeFlags: [] },
  { name: 'segmentation', port: 3002, nodeFlags: ['--max-semi-space-size=64'] },
  { name: 'lifecycle', port: 3003, nodeFlags: [] },
  { name: 'nba', port: 3004, nodeFlags: [] },
];

function stackEnv() {
  const file = path.join(runDir, 'stack.env');
  if (!fs.existsSync(file)) return {};
  return Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line.replace(/^export\s+/, '')))
      .map((line) => {
        const clean = line.replace(/^export\s+/, '');
        const at = clean.indexOf('=');
        return [clean.slice(0, at), clean.slice(at + 1).replace(/^"|"$/g, '')];
      }),
  );
}

function pidFile(name) {
  return path.join(runDir, 'pids', `${name}.pid`);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopService(name) {
  const file = pidFile(name);
  if (!fs.existsSync(file)) return false;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  fs.rmSync(file, { force: true });
  if (!pid || !isAlive(pid)) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 12_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}

async function stopAll() {
  const stopped = [];
  for (const { name } of SERVICES) if (await stopService(name)) stopped.push(name);
  return stopped;
}

async function waitReady(name, port, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} did not become ready on :${port} (${last}); see .run/logs/${name}.log`);
}

async function startAll(extraEnv = {}) {
  fs.mkdirSync(path.join(runDir, 'pids'), { recursive: true });
  fs.mkdirSync(path.join(runDir, 'logs'), { recursive: true });
  const env = { ...process.env, ...stackEnv(), ...extraEnv };
  for (const { name, port, nodeFlags } of SERVICES) {
    const log = fs.openSync(path.join(runDir, 'logs', `${name}.log`), 'a');
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        ...nodeFlags,
        path.join(root, 'dist', 'apps', name, 'src', 'main.js'),
      ],
      {
        cwd: root,
        env: { ...env, PORT: String(port) },
        detached: true,
        stdio: ['ignore', log, log],
      },
    );
    fs.writeFileSync(pidFile(name), String(child.pid));
    child.unref();
  }
  await Promise.all(SERVICES.map(({ name, port }) => waitReady(name, port)));
}

module.exports = { SERVICES, startAll, stopAll, stackEnv };

if (require.main === module) {
  stopAll().then(
    (stopped) =>
      console.log(
        stopped.length ? `stopped: ${stopped.join(', ')}` : 'no demo services were running',
      ),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
