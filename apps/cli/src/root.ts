import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlatformError } from '@platform/errors';

/** The workspace root: the nearest folder above this module holding pnpm-workspace.yaml. */
export function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new PlatformError('cannot find the workspace root (pnpm-workspace.yaml)');
    dir = up;
  }
  return dir;
}
