import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@platform/errors';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverComponents } from './registry.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A workspace with the given component packages: folder -> src/index.ts text (undefined: none). */
function workspace(packages: Record<string, string | undefined>): string {
  const root = mkdtempSync(join(tmpdir(), 'registry-'));
  dirs.push(root);
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/components/*\n');
  for (const [folder, entry] of Object.entries(packages)) {
    const dir = join(root, 'packages/components', folder);
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@x/${folder}` }));
    if (entry !== undefined) writeFileSync(join(dir, 'src/index.ts'), entry);
  }
  return root;
}

const component = (name: string, integrates: string[] = []) =>
  `export default { name: '${name}', namespace: 'x', description: 'x', upstreamCharts: [], dependsOn: [], integrates: ${JSON.stringify(integrates)}, enabledByDefault: () => true, values: () => ({}), rules: [] };\n`;

async function issuesOf(root: string) {
  try {
    await discoverComponents(root);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues;
  }
}

describe('discoverComponents', () => {
  it('finds every package under packages/components that default-exports a component', async () => {
    const found = await discoverComponents(workspace({ alpha: component('alpha'), beta: component('beta') }));
    expect(found.map((c) => c.definition.name)).toEqual(['alpha', 'beta']);
  });

  it('reports a package with no entry point instead of skipping it', async () => {
    const issues = await issuesOf(workspace({ alpha: component('alpha'), half: undefined }));
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'missing-component-entry',
        file: 'packages/components/half/package.json',
        expected: 'packages/components/half/src/index.ts default-exporting a ComponentDefinition',
      }),
    ]);
  });

  it('reports an integration with a component no package provides (a typo would switch it off)', async () => {
    const issues = await issuesOf(
      workspace({
        alpha: component('alpha', ['beta', 'gama']),
        beta: component('beta'),
        gamma: component('gamma'),
      }),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'unknown-integration',
        component: 'alpha',
        path: 'integrates[1]',
        expected: 'one of alpha, beta, gamma',
        found: '"gama"',
      }),
    ]);
  });

  it('reports a component whose name is not its folder name', async () => {
    const issues = await issuesOf(workspace({ alpha: component('beta') }));
    expect(issues).toEqual([
      expect.objectContaining({ code: 'bad-component-name', expected: '"alpha"', found: '"beta"' }),
    ]);
  });
});
