import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest directory at or above `from` holding `pnpm-workspace.yaml`. */
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

/**
 * Where the extracted Kubernetes OpenAPI documents live: `OPENAPI_CACHE`, else
 * `<workspace root>/.cache/openapi` (git-ignored, filled by `pnpm openapi:pull`).
 */
export function openApiCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OPENAPI_CACHE) return resolve(env.OPENAPI_CACHE);
  const root = findWorkspaceRoot() ?? process.cwd();
  return join(root, '.cache', 'openapi');
}
