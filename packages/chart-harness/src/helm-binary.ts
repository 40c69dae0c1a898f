import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findWorkspaceRoot } from '@platform/hydrate';
import { HelmNotFoundError } from './errors.ts';

/** Where to look for helm; every field defaults to the real environment. */
export interface HelmLookup {
  env?: NodeJS.ProcessEnv;
  workspaceRoot?: string | undefined;
  /** `go env GOPATH`, or undefined when go is not installed. */
  goPath?: () => string | undefined;
}

let cached: string | undefined;

/**
 * Finds the helm binary, in order: `$HELM_BIN`; `<workspace root>/.tools/bin/helm` (what
 * `scripts/setup.sh` installs); `helm` on `PATH`; `$(go env GOPATH)/bin/helm` (where
 * `go install helm.sh/helm/v4/cmd/helm` puts it); `$HOME/go/bin/helm`. Throws
 * {@link HelmNotFoundError} naming every place tried, or the `HELM_BIN` that is not
 * executable. The default lookup is memoized.
 */
export function locateHelm(lookup?: HelmLookup): string {
  if (lookup === undefined && cached !== undefined) return cached;
  const env = lookup?.env ?? process.env;
  const root = lookup && 'workspaceRoot' in lookup ? lookup.workspaceRoot : findWorkspaceRoot();
  const tried: string[] = [];
  const candidates: (() => string | undefined)[] = [
    () => env.HELM_BIN || undefined,
    () => (root === undefined ? undefined : join(root, '.tools', 'bin', 'helm')),
    ...(env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => () => join(dir, 'helm')),
    () => {
      const goPath = (lookup?.goPath ?? goEnvGoPath)();
      return goPath === undefined ? undefined : join(goPath.split(delimiter)[0] ?? goPath, 'bin', 'helm');
    },
    // Go's default GOPATH, for machines where go itself is not on PATH
    () => (env.HOME ? join(env.HOME, 'go', 'bin', 'helm') : undefined),
  ];
  if (env.HELM_BIN && !isExecutable(env.HELM_BIN)) {
    // an explicit choice that does not work must not silently fall back to another helm
    throw new HelmNotFoundError([env.HELM_BIN]);
  }
  for (const candidate of candidates) {
    const path = candidate();
    if (path === undefined || tried.includes(path)) continue;
    tried.push(path);
    if (isExecutable(path)) {
      if (lookup === undefined) cached = path;
      return path;
    }
  }
  throw new HelmNotFoundError(tried);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function goEnvGoPath(): string | undefined {
  for (const go of ['go', '/usr/local/go/bin/go']) {
    try {
      const out = execFileSync(go, ['env', 'GOPATH'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      if (out.trim() !== '') return out.trim();
    } catch {
      // go is not installed there; try the next place
    }
  }
  return undefined;
}
