// @ts-check
/**
 * `pnpm new:component <name> [--description "..."] [--namespace ns] [--no-chart]`
 * (`nx g @platform/nx-chart-plugin:component`): scaffolds a platform component, the package
 * `packages/components/<name>` and our chart `charts/<name>`, then runs `pnpm install` (links
 * the new package) and `pnpm gen:files` (its `values.schema.json` and `ci/release.yaml`).
 */
import { execFileSync } from 'node:child_process';
import { componentFiles, componentNameProblem } from './files.mjs';

/**
 * @param {{ root: string, exists(path: string): boolean, write(path: string, content: string): void }} tree
 * @param {{ name: string, description?: string, namespace?: string, chart?: boolean, skipGenFiles?: boolean }} options
 */
export default async function componentGenerator(tree, options) {
  const problem = componentNameProblem(options.name, (p) => tree.exists(p));
  if (problem !== undefined) throw new Error(problem);
  if (options.namespace !== undefined) {
    const nsProblem = componentNameProblem(options.namespace, () => false);
    if (nsProblem !== undefined) throw new Error(nsProblem.replace('component name', 'namespace'));
  }
  for (const [path, content] of componentFiles(options)) tree.write(path, content);
  return () => {
    if (options.skipGenFiles) return;
    const run = (/** @type {string[]} */ args) =>
      execFileSync('pnpm', args, { cwd: tree.root, stdio: 'inherit' });
    run(['install', '--prefer-offline']);
    run(['gen:files']);
  };
}
