import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlatformError } from '@platform/errors';

/**
 * The nearest directory at or above `from` holding `pnpm-workspace.yaml`, or undefined outside
 * a pnpm workspace. Defaults to this module's own location, so every package and tool of the
 * repository finds the same root (the chart cache, the render cache and `.tools/bin` live there).
 */
export function findWorkspaceRoot(
  from: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** {@link findWorkspaceRoot}, or a clear error when there is no workspace above `from`. */
export function requireWorkspaceRoot(from?: string): string {
  const root = findWorkspaceRoot(from);
  if (root === undefined) throw new PlatformError('cannot find the workspace root (pnpm-workspace.yaml)');
  return root;
}
