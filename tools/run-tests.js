#!/usr/bin/env node
// Runs the unit, integration and end-to-end suites in turn (each its own Jest config) and
// closes with one plain summary line: "N passed, N failed, N skipped".
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const resultsDir = path.join(root, '.run', 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

const suites = [
  { name: 'unit', config: 'jest.unit.config.js' },
  { name: 'integration', config: 'jest.int.config.js' },
  { name: 'e2e', config: 'jest.e2e.config.js' },
];
const only = process.argv.slice(2);
const selected = only.length > 0 ? suites.filter((s) => only.includes(s.name)) : suites;

const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;
for (const suite of selected) {
  const outputFile = path.join(resultsDir, `${suite.name}.json`);
  fs.rmSync(outputFile, { force: true });
  console.log(`\n=== ${suite.name} tests ===`);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    // kafkajs (2.2.4) arms timers with negative delays, which Node 24 warns about on every run.
    [
      '--disable-warning=TimeoutNegativeWarning',
      require.resolve('jest/bin/jest'),
      '-c',
      suite.config,
      '--json',
      `--outputFile=${outputFile}`,
      '--forceExit',
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC', FORCE_COLOR: '0' } },
  );
  if (!fs.existsSync(outputFile)) {
    console.error(`${suite.name}: jest produced no results (exit ${run.status})`);
    exitCode = 1;
    totals.failed += 1;
    continue;
  }
  const result = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
  totals.skipped += result.numPendingTests + result.numTodoTests;
  console.log(
    `${suite.name}: ${result.numPassedTests} passed, ${result.numFailedTests} failed in ${result.numTotalTestSuites} files (${Math.round((Date.now() - started) / 1000)} s)`,
  );
  if (run.status !== 0 || !result.success) exitCode = 1;
  if (result.numTotalTests === 0) {
    console.error(`${suite.name}: no tests ran`);
    exitCode = 1;
  }
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode);
