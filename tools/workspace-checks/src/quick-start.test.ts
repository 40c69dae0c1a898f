import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { quickStartLines } from '../../../scripts/quick-start.mjs';

const root = resolve(import.meta.dirname, '../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const lines = quickStartLines(readme) as { main: string; test: string };

describe('README quick start', () => {
  it('has a main-job line that sets up and runs pnpm gen:gitops', () => {
    expect(lines.main).toMatch(/^bash scripts\/setup\.sh && pnpm gen:gitops$/);
  });

  it('has a test line that sets up and runs the whole suite', () => {
    expect(lines.test).toBe('bash scripts/setup.sh && pnpm test');
  });

  it('is what .ci/run executes', () => {
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    // the README's test line, verbatim, as a command line of its own
    expect(ci.split('\n')).toContain(lines.test);
  });

  it('fails on a block with more than two lines', () => {
    expect(() => quickStartLines('## Quick start\n\n```sh\na\nb\nc\n```\n')).toThrow(
      /exactly 2 lines, found 3/,
    );
  });

  it('fails when the section is missing', () => {
    expect(() => quickStartLines('# nothing here\n')).toThrow(/no "## Quick start" section/);
  });

  it('documents every root script of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const script of Object.keys(pkg.scripts).filter((s) => s !== 'setup')) {
      expect(readme, `README mentions pnpm ${script}`).toContain(`pnpm ${script}`);
    }
  });
});
