import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformError } from '@platform/errors';
import { findWorkspaceRoot } from '@platform/hydrate';

/** The kube-apiserver release scripts/setup.sh builds (tools/kube-apiserver/go.mod pins it). */
export const KUBE_APISERVER_VERSION = 'v1.36.3';
/** The etcd release scripts/setup.sh builds (tools/kube-apiserver/etcd/go.mod pins it). */
export const ETCD_VERSION = 'v3.6.8';

/** A binary the API server checks need is not installed. */
export class AdmissionToolNotFoundError extends PlatformError {
  readonly tried: readonly string[];
  constructor(tool: string, version: string, tried: readonly string[], envVar: string) {
    super(
      `${tool} ${version} was not found (looked at ${tried.join(', ')}). ` +
        `Run 'bash scripts/setup.sh' (it builds ${tool} ${version} from source into .tools/bin once, ` +
        `several minutes the first time), or set ${envVar} to a ${tool} ${version} binary.`,
    );
    this.tried = tried;
  }
}

export { findWorkspaceRoot } from '@platform/hydrate';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds a pinned tool: `$<envVar>` when set (and then only there: an explicit choice that does
 * not work must not fall back to another build), else `<workspace root>/.tools/bin/<name>-<version>`,
 * where scripts/setup.sh builds it.
 */
export function locateTool(
  name: string,
  version: string,
  envVar: string,
  env: NodeJS.ProcessEnv = process.env,
  root: string | undefined = findWorkspaceRoot(),
): string {
  const explicit = env[envVar];
  const candidates = explicit
    ? [explicit]
    : root === undefined
      ? []
      : [join(root, '.tools', 'bin', `${name}-${version}`)];
  for (const path of candidates) if (isExecutable(path)) return path;
  throw new AdmissionToolNotFoundError(
    name,
    version,
    candidates.length > 0 ? candidates : ['<no workspace root>/.tools/bin'],
    envVar,
  );
}

export function locateKubeApiServer(env?: NodeJS.ProcessEnv, root?: string): string {
  return locateTool('kube-apiserver', KUBE_APISERVER_VERSION, 'KUBE_APISERVER_BIN', env, root);
}

export function locateEtcd(env?: NodeJS.ProcessEnv, root?: string): string {
  return locateTool('etcd', ETCD_VERSION, 'ETCD_BIN', env, root);
}
