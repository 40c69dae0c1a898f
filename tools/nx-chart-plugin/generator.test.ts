import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHelm } from './find-helm.mjs';
import {
  componentFiles,
  componentNameProblem,
  MAX_NAME_LENGTH,
  NAME_PATTERN,
} from './generators/component/files.mjs';

const workspaceRoot = resolve(import.meta.dirname, '../..');
const NAME = 'probe-agent';

/**
 * A scratch workspace holding only what the generator writes, plus links to what a real
 * workspace has around it: the root tsconfig and vitest settings, the root node_modules
 * (typescript, vitest, @types/node), the fleet inventory, and the new package's dependencies as
 * `pnpm install` would link them (the workspace packages and zod).
 */
function scaffold(dir: string, options: { name: string; chart?: boolean }): Map<string, string> {
  const files = componentFiles(options) as Map<string, string>;
  for (const [path, content] of files) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const f of ['tsconfig.base.json', 'vitest.shared.ts']) {
    writeFileSync(join(dir, f), readFileSync(join(workspaceRoot, f)));
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(workspaceRoot, 'gitops'), join(dir, 'gitops'));
  const modules = join(dir, `packages/components/${options.name}/node_modules`);
  mkdirSync(join(modules, '@platform'), { recursive: true });
  symlinkSync(join(workspaceRoot, 'packages/core'), join(modules, '@platform/core'));
  symlinkSync(join(workspaceRoot, 'packages/chart-harness'), join(modules, '@platform/chart-harness'));
  symlinkSync(realpathSync(join(workspaceRoot, 'packages/core/node_modules/zod')), join(modules, 'zod'));
  return files;
}

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe('the component generator: names', () => {
  it('accepts a new DNS-1123 label and says why it refuses anything else', () => {
    const taken = (p: string) => p === 'packages/components/cilium';
    expect(componentNameProblem('node-problem-detector', taken)).toBeUndefined();
    expect(componentNameProblem('Node_Detector', taken)).toMatch(
      /expected a DNS-1123 label.*found "Node_Detector"/,
    );
    expect(componentNameProblem('9lives', taken)).toMatch(/starting with a letter/);
    expect(componentNameProblem('a'.repeat(MAX_NAME_LENGTH + 1), taken)).toMatch(
      new RegExp(`at most ${MAX_NAME_LENGTH} characters.*-config" must fit Helm's 53`),
    );
    expect(componentNameProblem('cilium', taken)).toBe(
      'component name: expected a new name, found packages/components/cilium already exists',
    );
  });

  it('uses the same name pattern as the inventory schema of @platform/core', () => {
    const core = readFileSync(join(workspaceRoot, 'packages/core/src/inventory/schema.ts'), 'utf8');
    const match = /export const COMPONENT_NAME_PATTERN = \/(.+)\/;/.exec(core);
    expect(match?.[1]).toBe(NAME_PATTERN.source);
  });
});

describe('the component generator: what it writes builds, renders and passes its own test', () => {
  let dir: string;
  let files: Map<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'component-generator-'));
    files = scaffold(dir, { name: NAME });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the package with src/index.ts, the chart with a commented values.yaml, and a test', () => {
    const paths = [...files.keys()];
    expect(paths).toContain(`packages/components/${NAME}/src/index.ts`);
    expect(paths).toContain(`packages/components/${NAME}/src/component.test.ts`);
    expect(paths).toContain(`charts/${NAME}/Chart.yaml`);
    const values = files.get(`charts/${NAME}/values.yaml`) ?? '';
    // Every key of values.yaml has a "# --" comment right above it (helm-docs style).
    const lines = values.split('\n');
    const keys = lines.flatMap((l, i) => (/^\s*[a-z-]+:/.test(l) ? [i] : []));
    expect(keys.length).toBeGreaterThan(0);
    for (const i of keys) expect(lines[i - 1], `comment above "${lines[i]}"`).toMatch(/^\s*# -- /);
  });

  it('type-checks against the current @platform/core and chart harness', () => {
    const tsc = join(workspaceRoot, 'node_modules/typescript/bin/tsc');
    const r = run(
      process.execPath,
      [tsc, '-p', 'tsconfig.json', '--noEmit'],
      join(dir, `packages/components/${NAME}`),
    );
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it('has a chart that helm lints strictly and renders with its scenario', () => {
    const helm = findHelm();
    const chart = join(dir, `charts/${NAME}`);
    const lint = run(helm, ['lint', '--strict', chart], dir);
    expect(lint.status, lint.output).toBe(0);
    const out = run(
      helm,
      ['template', `${NAME}-config`, chart, '-n', NAME, '-f', join(chart, 'ci/edge-production-values.yaml')],
      dir,
    );
    expect(out.status, out.output).toBe(0);
    expect(out.output).toContain(`name: ${NAME}-settings`);
    expect(out.output).toContain('environment: "production"');
  });

  it("passes the test it writes for the new component (the fleet's inventory, turned on everywhere)", () => {
    const vitest = join(workspaceRoot, 'node_modules/vitest/vitest.mjs');
    const r = run(
      process.execPath,
      [vitest, 'run', '--reporter=default'],
      join(dir, `packages/components/${NAME}`),
    );
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/Tests\s+\d+ passed/);
  });
});
