import { join, resolve } from 'node:path';
import { findWorkspaceRoot } from '@platform/hydrate';

export { findWorkspaceRoot };

/**
 * Where the extracted Kubernetes OpenAPI documents live: `OPENAPI_CACHE`, else
 * `<workspace root>/.cache/openapi` (git-ignored, filled by `pnpm openapi:pull`).
 */
export function openApiCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OPENAPI_CACHE) return resolve(env.OPENAPI_CACHE);
  const root = findWorkspaceRoot() ?? process.cwd();
  return join(root, '.cache', 'openapi');
}
