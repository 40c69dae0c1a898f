#!/usr/bin/env node
// @ts-check
/**
 * `pnpm test`: the whole suite. Biome (lint + format), then every nx project's lint, typecheck,
 * test and check-generated targets, then one summary line counting every test of every project
 * (from the `.test-results/*.json` files the test runners write, restored by nx for cached runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targets = ['lint', 'typecheck', 'test', 'check-generated'];

function run(cmd, args) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  return (
    spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_TUI: 'false' } }).status ??
    1
  );
}

/** Project roots: every folder holding a package.json, project.json or Chart.yaml (2 levels deep). */
function resultFiles() {
  const files = [];
  for (const base of ['apps', 'packages', 'packages/components', 'tools', 'charts', 'gitops']) {
    const dir = join(root, base);
    if (!existsSync(dir)) continue;
    const dirs = base === 'gitops' ? [''] : readdirSync(dir);
    for (const d of dirs) {
      const results = join(dir, d, '.test-results');
      if (!existsSync(results)) continue;
      for (const f of readdirSync(results)) if (f.endsWith('.json')) files.push(join(results, f));
    }
  }
  return files;
}

for (const f of resultFiles()) rmSync(f);
const biome = run('pnpm', ['exec', 'biome', 'ci', '.']);
const nx = run('pnpm', ['exec', 'nx', 'run-many', '-t', ...targets, '--outputStyle=stream']);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const f of resultFiles()) {
  const r = JSON.parse(readFileSync(f, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
if (biome !== 0) console.error('biome ci failed (lint or format); run "pnpm format" and "pnpm lint"');
if (nx !== 0) console.error('one or more nx targets failed (see above)');
console.log(
  `\nTests: ${passed} passed, ${failed + (nx !== 0 && failed === 0 ? 1 : 0)} failed, ${skipped} skipped`,
);
process.exit(biome !== 0 || nx !== 0 || failed > 0 ? 1 : 0);
