import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

function nx(...args: string[]): string {
  return execFileSync(join(root, 'node_modules/.bin/nx'), args, { cwd: root, encoding: 'utf8', env });
}

function dirsWith(base: string, file: string): string[] {
  const dir = join(root, base);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((d) => existsSync(join(dir, d, file)));
}

function projectName(pkgDir: string): string {
  const pkg = JSON.parse(readFileSync(join(root, pkgDir, 'package.json'), 'utf8')) as {
    name: string;
    nx?: { name?: string };
  };
  return pkg.nx?.name ?? pkg.name;
}

describe('the real workspace as nx sees it', () => {
  const projects = JSON.parse(nx('show', 'projects', '--json')) as string[];

  it('lists every package, app, tool and chart as a project', () => {
    const expected = [
      ...dirsWith('packages', 'package.json').map((d) => projectName(`packages/${d}`)),
      ...dirsWith('packages/components', 'package.json').map((d) => projectName(`packages/components/${d}`)),
      ...dirsWith('apps', 'package.json').map((d) => projectName(`apps/${d}`)),
      ...dirsWith('tools', 'package.json').map((d) => projectName(`tools/${d}`)),
      ...dirsWith('charts', 'Chart.yaml').map((d) => `chart-${d}`),
    ];
    expect(expected.length).toBeGreaterThan(3);
    for (const p of expected) expect(projects, `project ${p}`).toContain(p);
  });

  it('has an edge from every chart to its component package in nx graph --file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nx-graph-'));
    try {
      const file = join(dir, 'graph.json');
      nx('graph', `--file=${file}`);
      const graph = JSON.parse(readFileSync(file, 'utf8')) as {
        graph: { dependencies: Record<string, { target: string }[]> };
      };
      const charts = dirsWith('charts', 'Chart.yaml');
      for (const chart of charts) {
        const targets = (graph.graph.dependencies[`chart-${chart}`] ?? []).map((d) => d.target);
        expect(targets, `chart-${chart} -> chart-harness`).toContain('chart-harness');
        if (existsSync(join(root, 'packages/components', chart, 'package.json'))) {
          expect(targets, `chart-${chart} -> its component`).toContain(
            projectName(`packages/components/${chart}`),
          );
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
