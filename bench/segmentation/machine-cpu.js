'use strict';
// Where the machine's CPU goes during a phase: every process's user + system time from /proc,
// grouped by role (the service, the backfill worker, the sink, this harness, Kafka, Redis,
// Postgres, anything else), plus the machine's idle time from /proc/stat. Linux only; elsewhere
// the snapshot is empty and the breakdown is null.
const fs = require('node:fs');

const TICKS_PER_SECOND = 100;

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * CPU seconds of a process from its /proc/<pid>/stat text: user + system, and with
 * `withReapedChildren` the time of children it has reaped. NaN if the text is not one.
 */
function statCpuSeconds(stat, withReapedChildren) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  let ticks = Number(fields[11]) + Number(fields[12]);
  if (withReapedChildren) ticks += Number(fields[13]) + Number(fields[14]);
  return ticks / TICKS_PER_SECOND;
}

/** Role of a process not named by the harness, from its command line. */
function roleOf(pid) {
  const cmdline = readOr(`/proc/${pid}/cmdline`, '').replace(/\0/g, ' ');
  if (cmdline.includes('kafka.Kafka')) return 'kafka';
  if (/(^|\/)redis-server\b/.test(cmdline)) return 'redis';
  if (/^postgres(:|\s|$)|\/postgres\s/.test(cmdline)) return 'postgres';
  return 'other';
}

/** Process CPU seconds so far by role; `named` maps pids to roles the harness knows. */
function snapshot(named) {
  const byRole = {};
  let entries = [];
  try {
    entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of entries) {
    const stat = readOr(`/proc/${pid}/stat`, null);
    if (stat === null) continue;
    // Own time plus reaped children's (a forked helper that exited still counts for its parent).
    const seconds = statCpuSeconds(stat, true);
    const role = named.get(Number(pid)) ?? roleOf(pid);
    byRole[role] = (byRole[role] ?? 0) + seconds;
  }
  const cpuLine = readOr('/proc/stat', '').split('\n')[0] ?? '';
  const [, ...values] = cpuLine.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal: idle is idle + iowait.
  const idle = ((values[3] ?? 0) + (values[4] ?? 0)) / TICKS_PER_SECOND;
  return { byRole, idle };
}

/** Starts a measurement; `stop()` returns the CPU seconds and cores each role used since. */
function startMachineCpu(named) {
  const before = snapshot(named);
  const t0 = performance.now();
  return {
    stop() {
      const after = snapshot(named);
      if (before === null || after === null) return null;
      const elapsedS = (performance.now() - t0) / 1_000;
      const roles = {};
      for (const role of new Set([...Object.keys(before.byRole), ...Object.keys(after.byRole)])) {
        // A process that exited during the phase is not in `after`: never report negative time.
        const seconds = Math.max(0, (after.byRole[role] ?? 0) - (before.byRole[role] ?? 0));
        roles[role] = { seconds, cores: Math.round((seconds / elapsedS) * 100) / 100 };
      }
      return {
        elapsedS: Math.round(elapsedS * 10) / 10,
        idleCores: Math.round(((after.idle - before.idle) / elapsedS) * 100) / 100,
        roles,
      };
    },
  };
}

/** The breakdown with µs of CPU per event for each role, busiest first. */
function perEvent(breakdown, events) {
  if (breakdown === null) return null;
  const roles = Object.entries(breakdown.roles)
    .sort(([, a], [, b]) => b.seconds - a.seconds)
    .map(([role, { seconds, cores }]) => ({
      role,
      cores,
      microsPerEvent: events > 0 ? Math.round((seconds * 1e6) / events) : null,
    }));
  const busy = roles.reduce((sum, r) => sum + (r.microsPerEvent ?? 0), 0);
  return { ...breakdown, roles, events, busyMicrosPerEvent: busy };
}

module.exports = { startMachineCpu, perEvent, statCpuSeconds };
