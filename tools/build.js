#!/usr/bin/env node
// Compiles apps/ and libs/ (not specs) to dist/ with swc. swc keeps decorator metadata, which
// NestJS needs, and rewrites the @cip/* path aliases to relative requires, so dist/ runs on plain node.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist');
const sourceRoots = ['apps', 'libs', 'tools/sim'];
const isSpec = (file) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file);

const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
delete swcrc.$schema;
swcrc.jsc.baseUrl = root;
swcrc.jsc.paths = tsconfig.compilerOptions.paths;

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !isSpec(entry.name))
      yield full;
    else if (/\.(lua|sql|json)$/.test(entry.name) && full.includes(`${path.sep}src${path.sep}`))
      yield full;
  }
}

async function main() {
  const started = Date.now();
  const files = sourceRoots.flatMap((r) => [...walk(path.join(root, r))]);
  await Promise.all(
    files.map(async (file) => {
      const rel = path.relative(root, file);
      const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (!file.endsWith('.ts')) {
        fs.copyFileSync(file, target);
        return;
      }
      const { code, map } = await swc.transformFile(file, {
        ...swcrc,
        filename: file,
        sourceFileName: path.relative(path.dirname(target), file),
        swcrc: false,
      });
      fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      if (map) fs.writeFileSync(`${target}.map`, map);
    }),
  );
  console.log(`build: ${files.length} files -> dist/ in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error('build failed:', error);
  process.exit(1);
});
