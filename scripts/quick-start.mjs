#!/usr/bin/env node
// @ts-check
/**
 * Prints a line of the README's quick-start block: `main` (line 1, the main job) or `test`
 * (line 2, the whole test suite). .ci/run executes the `test` line, so CI runs what the README
 * tells a new user to run.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The two lines of the first fenced code block under `## Quick start`. */
export function quickStartLines(readme) {
  const section = readme.split(/^## Quick start\s*$/m)[1];
  if (!section) throw new Error('README.md has no "## Quick start" section');
  const block = section.match(/^```[a-z]*\n([\s\S]*?)^```/m);
  if (!block?.[1]) throw new Error('README.md quick start has no fenced code block');
  const lines = block[1].split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 2)
    throw new Error(`README.md quick-start block must hold exactly 2 lines, found ${lines.length}`);
  return { main: lines[0], test: lines[1] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const which = process.argv[2] ?? 'test';
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const lines = quickStartLines(readFileSync(join(root, 'README.md'), 'utf8'));
  if (which !== 'main' && which !== 'test') {
    console.error('usage: quick-start.mjs main|test');
    process.exit(2);
  }
  console.log(lines[which]);
}
