import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComponentDefinition } from '@platform/core';
import { COMPONENT_NAME_PATTERN, unknownIntegrations } from '@platform/core';
import { type Issue, ValidationError } from '@platform/errors';
import { parse } from 'yaml';

/** A component found in the workspace, with the folder it lives in. */
export interface DiscoveredComponent {
  definition: ComponentDefinition;
  packageDir: string;
  chartDir?: string;
}

function contractIssues(def: ComponentDefinition, dir: string, root: string): Issue[] {
  const issues: Issue[] = [];
  const where = { component: def?.name, file: relative(root, join(dir, 'package.json')) };
  const folder = dir.split('/').at(-1);
  if (!def || typeof def !== 'object' || typeof def.values !== 'function') {
    return [{ ...where, code: 'bad-component', message: 'does not default-export a ComponentDefinition' }];
  }
  if (!COMPONENT_NAME_PATTERN.test(def.name) || def.name !== folder) {
    issues.push({
      ...where,
      code: 'bad-component-name',
      path: 'name',
      message: 'component name must be DNS-1123 and equal its folder name',
      expected: JSON.stringify(folder),
      found: JSON.stringify(def.name),
    });
  }
  for (const [i, u] of def.upstreamCharts.entries()) {
    if (!/^\d+\.\d+\.\d+([-+][\w.-]+)?$/.test(u.version.replace(/^v/, ''))) {
      issues.push({
        ...where,
        code: 'unpinned-chart',
        path: `upstreamCharts[${i}].version`,
        message: 'upstream chart versions must be exact',
        expected: 'an exact version such as 1.20.0',
        found: JSON.stringify(u.version),
      });
    }
  }
  if (def.chart && !existsSync(join(root, 'charts', def.name, 'Chart.yaml'))) {
    issues.push({
      ...where,
      code: 'missing-chart',
      path: 'chart',
      message: `declares our chart but charts/${def.name}/Chart.yaml does not exist`,
    });
  }
  return issues;
}

/**
 * The package folders of the pnpm workspace (`pnpm-workspace.yaml` patterns of the form
 * `dir` or `dir/*`, the forms this repository uses; anything else is an error). Reading them
 * directly keeps the command's start-up fast.
 */
export function workspacePackageDirs(workspaceRoot: string, patterns: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    const m = /^([\w./-]+?)(\/\*)?$/.exec(pattern);
    if (!m)
      throw new ValidationError([
        {
          code: 'workspace-pattern',
          file: 'pnpm-workspace.yaml',
          message: `unsupported package pattern ${JSON.stringify(pattern)}`,
          expected: '"dir" or "dir/*"',
          found: pattern,
        },
      ]);
    const base = join(workspaceRoot, m[1]!);
    const candidates = m[2] ? (existsSync(base) ? readdirSync(base).map((d) => join(base, d)) : []) : [base];
    for (const c of candidates) if (existsSync(join(c, 'package.json'))) dirs.push(c);
  }
  return [...new Set(dirs)].sort();
}

/**
 * Discovers the components: every workspace package under `packages/components/` whose entry
 * default-exports a ComponentDefinition. Adding a component is adding a package and a chart.
 */
export async function discoverComponents(workspaceRoot: string): Promise<DiscoveredComponent[]> {
  const workspace = parse(readFileSync(join(workspaceRoot, 'pnpm-workspace.yaml'), 'utf8')) as {
    packages?: string[];
  };
  const packages = workspacePackageDirs(workspaceRoot, workspace.packages ?? []).map((rootDir) => ({
    rootDir,
  }));
  const found: DiscoveredComponent[] = [];
  const issues: Issue[] = [];
  const componentsDir = join(workspaceRoot, 'packages', 'components');
  for (const pkg of packages) {
    const dir = pkg.rootDir as string;
    if (!dir.startsWith(`${componentsDir}/`)) continue;
    const entry = join(dir, 'src', 'index.ts');
    if (!existsSync(entry)) {
      // A half-written package would otherwise vanish from every cluster without a word.
      issues.push({
        code: 'missing-component-entry',
        file: relative(workspaceRoot, join(dir, 'package.json')),
        message: 'a package under packages/components has no entry point, so it is no component',
        expected: `${relative(workspaceRoot, entry)} default-exporting a ComponentDefinition`,
        found: 'no src/index.ts',
        hint: 'Add the entry point, or move the package out of packages/components.',
      });
      continue;
    }
    // The bundled command (scripts/build-cli.mjs) carries every component it was built with.
    const bundled = (globalThis as { __platformComponents?: Map<string, unknown> }).__platformComponents;
    const mod = (bundled?.get(entry) ?? (await import(pathToFileURL(entry).href))) as {
      default?: ComponentDefinition;
    };
    const def = mod.default as ComponentDefinition;
    const problems = contractIssues(def, dir, workspaceRoot);
    issues.push(...problems);
    if (problems.length > 0) continue;
    const chartDir = join(workspaceRoot, 'charts', def.name);
    found.push({ definition: def, packageDir: dir, ...(def.chart ? { chartDir } : {}) });
  }
  // Soft integrations name components of this complete set (a typo would switch one off silently).
  issues.push(...unknownIntegrations(found.map((c) => c.definition)));
  if (issues.length > 0) throw new ValidationError(issues);
  return found.sort((a, b) => a.definition.name.localeCompare(b.definition.name));
}
