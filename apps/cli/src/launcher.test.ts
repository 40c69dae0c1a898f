import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, scratch } from './__fixtures__/workspace.ts';
import { readTree } from './tree-io.ts';

const root = resolve(import.meta.dirname, '../../..');
// @ts-expect-error plain ESM script without type declarations
const build = (await import('../../../scripts/build-cli.mjs')) as {
  buildCli: (dir: string) => Promise<{ inputs: number; components: number }>;
  isStale: (dir: string) => string | undefined;
};

let dist: string;
beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'cli-bundle-'));
  await build.buildCli(dist);
}, 120_000);
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const manifestPath = () => join(dist, 'manifest.json');
const manifest = () =>
  JSON.parse(readFileSync(manifestPath(), 'utf8')) as { inputs: string[]; components: string[] };

describe('the bundled gen:gitops command (scripts/build-cli.mjs)', () => {
  it('writes the same tree as the TypeScript sources', async () => {
    const s = scratch();
    try {
      const fromSource = join(s.dir, 'source');
      const fromBundle = join(s.dir, 'bundle');
      expect((await cli(['--inventory', s.inventory, '--out', fromSource, '--no-render'])).code).toBe(0);
      const runner = join(dist, 'run.mjs');
      writeFileSync(
        runner,
        "const m = await import('./gen-gitops.mjs');\nawait m.main(process.argv.slice(2));\n",
      );
      const res = spawnSync(
        process.execPath,
        [runner, '--inventory', s.inventory, '--out', fromBundle, '--no-render'],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
      expect(res.stderr).not.toMatch(/unexpected error/);
      expect(res.status).toBe(0);
      const a = readTree(fromSource);
      const b = readTree(fromBundle);
      expect(a.size).toBeGreaterThan(10);
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [p, c] of a) expect(b.get(p), p).toBe(c);
    } finally {
      s.cleanup();
    }
  }, 120_000);

  it('carries every component package and lists the workspace sources it was built from', () => {
    const m = manifest();
    expect(m.components).toContain('packages/components/cilium/src/index.ts');
    expect(m.inputs).toContain('apps/cli/src/main.ts');
    expect(m.inputs.every((f) => !f.includes('node_modules'))).toBe(true);
  });

  it('is current right after the build, and stale when a source is newer than the bundle', () => {
    expect(build.isStale(dist)).toBeUndefined();
    const bundle = join(dist, 'gen-gitops.mjs');
    const saved = readFileSync(manifestPath(), 'utf8');
    try {
      utimesSync(bundle, new Date(0), new Date(0));
      expect(build.isStale(dist)).toMatch(/ changed$/);
    } finally {
      utimesSync(bundle, new Date(), new Date());
      writeFileSync(manifestPath(), saved);
    }
  });

  it('is stale when a source is gone or the set of components changed', () => {
    const saved = readFileSync(manifestPath(), 'utf8');
    try {
      writeFileSync(manifestPath(), JSON.stringify({ ...manifest(), inputs: ['packages/nope/src/gone.ts'] }));
      expect(build.isStale(dist)).toBe('packages/nope/src/gone.ts is gone');
      writeFileSync(manifestPath(), JSON.stringify({ ...JSON.parse(saved), components: [] }));
      expect(build.isStale(dist)).toBe('the set of components changed');
    } finally {
      writeFileSync(manifestPath(), saved);
    }
    expect(build.isStale(dist)).toBeUndefined();
  });

  it('runs through the launcher that pnpm gen:gitops calls', () => {
    const res = spawnSync(process.execPath, [join(root, 'apps/cli/bin/gen-gitops.mjs'), '--version'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 120_000);
});
