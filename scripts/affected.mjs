#!/usr/bin/env node
// @ts-check
/**
 * `pnpm test:affected [--base <ref>] [targets...]`: runs `nx affected` for the given targets
 * (default: lint typecheck test check-generated) against a base ref. The base is, in order:
 * --base, $NX_BASE, the merge base with origin/main when that ref exists, else HEAD~1.
 * With no usable base (a repository with a single commit) it runs the targets for every project.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
let base = process.env.NX_BASE;
const targets = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--base') base = args[++i];
  else if (args[i]?.startsWith('--base=')) base = args[i].slice('--base='.length);
  else if (args[i]) targets.push(args[i]);
}
if (targets.length === 0) targets.push('lint', 'typecheck', 'test', 'check-generated');

function git(...a) {
  const r = spawnSync('git', a, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

if (!base) {
  if (git('rev-parse', '--verify', '--quiet', 'origin/main')) {
    base = git('merge-base', 'HEAD', 'origin/main');
    if (base) console.log(`test:affected: base = merge-base with origin/main (${base.slice(0, 12)})`);
  }
  if (!base && git('rev-parse', '--verify', '--quiet', 'HEAD~1')) {
    base = 'HEAD~1';
    console.log('test:affected: base = HEAD~1 (no origin/main)');
  }
}
const nxArgs = base
  ? ['exec', 'nx', 'affected', '-t', ...targets, `--base=${base}`, '--head=HEAD', '--outputStyle=stream']
  : ['exec', 'nx', 'run-many', '-t', ...targets, '--outputStyle=stream'];
if (!base) console.log('test:affected: no base ref (single commit); running every project');
const res = spawnSync('pnpm', nxArgs, { stdio: 'inherit' });
process.exit(res.status ?? 1);
