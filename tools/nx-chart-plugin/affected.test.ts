import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const workspaceRoot = resolve(import.meta.dirname, '../..');
const pluginPath = join(workspaceRoot, 'tools/nx-chart-plugin/index.mjs');
const nxBin = join(workspaceRoot, 'node_modules/.bin/nx');

/** A small workspace shaped like ours: a core package, two components, three charts, the harness. */
function writeFixtureWorkspace(dir: string): void {
  const files: Record<string, unknown> = {
    'package.json': { name: 'fixture-root', private: true, type: 'module' },
    'nx.json': { plugins: [pluginPath], cacheDirectory: '.nx/cache' },
    'packages/core/package.json': { name: '@fx/core', nx: { name: 'core' } },
    'packages/chart-harness/package.json': {
      name: '@fx/chart-harness',
      nx: { name: 'chart-harness' },
      dependencies: { '@fx/core': 'workspace:*' },
    },
    'packages/components/demo/package.json': {
      name: '@fx/component-demo',
      nx: { name: 'component-demo' },
      dependencies: { '@fx/core': 'workspace:*' },
    },
    'packages/components/other/package.json': {
      name: '@fx/component-other',
      nx: { name: 'component-other' },
    },
    'gitops/project.json': { name: 'fleet', targets: { test: { command: 'true' } } },
    'packages/emitter/package.json': {
      name: '@fx/emitter',
      nx: { name: 'emitter' },
      dependencies: { '@fx/core': 'workspace:*' },
    },
  };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    writeFileSync(join(dir, file), `${JSON.stringify(content, null, 2)}\n`);
  }
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n  - packages/components/*\n');
  for (const chart of ['demo', 'other', 'lonely']) {
    mkdirSync(join(dir, 'charts', chart, 'templates'), { recursive: true });
    writeFileSync(
      join(dir, 'charts', chart, 'Chart.yaml'),
      `apiVersion: v2\nname: ${chart}\nversion: 0.1.0\n`,
    );
    writeFileSync(join(dir, 'charts', chart, 'values.yaml'), '{}\n');
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
}

function nx(dir: string, ...args: string[]): string {
  return execFileSync(nxBin, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' },
  });
}

function affected(dir: string, file: string): string[] {
  return (
    JSON.parse(nx(dir, 'show', 'projects', '--affected', `--files=${file}`, '--json')) as string[]
  ).sort();
}

describe('nx chart plugin in a fixture workspace', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-chart-plugin-'));
    writeFixtureWorkspace(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('turns every charts/*/Chart.yaml into a chart-<name> project next to the packages', () => {
    const projects = (JSON.parse(nx(dir, 'show', 'projects', '--json')) as string[]).sort();
    expect(projects).toEqual([
      'chart-demo',
      'chart-harness',
      'chart-lonely',
      'chart-other',
      'component-demo',
      'component-other',
      'core',
      'emitter',
      'fleet',
    ]);
  });

  it('infers lint, test and check-generated targets on a chart project', () => {
    const project = JSON.parse(nx(dir, 'show', 'project', 'chart-demo', '--json')) as {
      targets: Record<string, { command?: string; options?: { command?: string } }>;
    };
    expect(Object.keys(project.targets).sort()).toEqual(['check-generated', 'lint', 'test']);
    const lint = project.targets.lint?.options?.command ?? project.targets.lint?.command;
    expect(lint).toContain('helm-lint.mjs charts/demo');
  });

  it('makes the helm version an input of the targets that run helm', () => {
    const project = JSON.parse(nx(dir, 'show', 'project', 'chart-demo', '--json')) as {
      targets: Record<string, { inputs?: unknown[] }>;
    };
    const helmInput = { runtime: 'node tools/nx-chart-plugin/find-helm.mjs --version' };
    expect(project.targets.lint?.inputs).toContainEqual(helmInput);
    expect(project.targets.test?.inputs).toContainEqual(helmInput);
    expect(project.targets['check-generated']?.inputs).not.toContainEqual(helmInput);
  });

  it('prints the version of the helm the tests use, which HELM_BIN selects', () => {
    const fake = join(dir, 'fake-helm');
    writeFileSync(fake, '#!/bin/sh\n[ "$1" = version ] && echo v4.0.99+gfake\n', { mode: 0o755 });
    const out = execFileSync(
      'node',
      [join(workspaceRoot, 'tools/nx-chart-plugin/find-helm.mjs'), '--version'],
      {
        encoding: 'utf8',
        env: { ...process.env, HELM_BIN: fake },
      },
    );
    expect(out).toBe('v4.0.99+gfake\n');
  });

  it('marks only that chart when a file under charts/<x>/ changes', () => {
    expect(affected(dir, 'charts/demo/values.yaml')).toEqual(['chart-demo']);
    expect(affected(dir, 'charts/lonely/templates/x.yaml')).toEqual(['chart-lonely']);
  });

  it('marks the component package and its chart when packages/components/<x>/ changes', () => {
    expect(affected(dir, 'packages/components/demo/src/index.ts')).toEqual(['chart-demo', 'component-demo']);
    expect(affected(dir, 'packages/components/other/src/index.ts')).toEqual([
      'chart-other',
      'component-other',
    ]);
  });

  it('marks everything that depends on a shared core package when it changes', () => {
    expect(affected(dir, 'packages/core/src/index.ts')).toEqual([
      'chart-demo',
      'chart-harness',
      'chart-lonely',
      'chart-other',
      'component-demo',
      'core',
      'emitter',
    ]);
  });

  it('re-tests every chart when the chart harness changes', () => {
    expect(affected(dir, 'packages/chart-harness/src/render.ts')).toEqual([
      'chart-demo',
      'chart-harness',
      'chart-lonely',
      'chart-other',
    ]);
  });

  it('re-tests every chart when the fleet inventory changes', () => {
    expect(affected(dir, 'gitops/clusters/a.yaml')).toEqual([
      'chart-demo',
      'chart-lonely',
      'chart-other',
      'fleet',
    ]);
  });

  it('writes chart -> component and chart -> harness edges into nx graph --file', () => {
    nx(dir, 'graph', '--file=graph.json');
    const graph = JSON.parse(execFileSync('cat', [join(dir, 'graph.json')], { encoding: 'utf8' })) as {
      graph: { dependencies: Record<string, { target: string }[]> };
    };
    const targets = (p: string) => (graph.graph.dependencies[p] ?? []).map((d) => d.target).sort();
    expect(targets('chart-demo')).toEqual(['chart-harness', 'component-demo', 'fleet']);
    expect(targets('chart-lonely')).toEqual(['chart-harness', 'fleet']);
  });
});
