/**
 * `pnpm openapi:pull [minor...] [--all] [--force]`: puts the Kubernetes OpenAPI v3 schemas the
 * fleet checks validate against into the git-ignored cache `.cache/openapi/<release>/`.
 * Without arguments it takes the Kubernetes minor versions of the inventory's clusters
 * (`gitops/clusters/*.yaml`, `kubernetesVersion`). Needs Go (the Go module proxy serves the
 * `k8s.io/kubernetes` module); `GO_BIN` names the go binary, `OPENAPI_CACHE` the cache folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pullOpenApi } from '../src/openapi/pull.ts';
import { KUBERNETES_OPENAPI_RELEASES } from '../src/openapi/releases.ts';
import { builtinSpec } from '../src/openapi/spec.ts';
import { findWorkspaceRoot } from '../src/workspace.ts';

function inventoryMinors(root: string): string[] {
  const dir = join(root, 'gitops', 'clusters');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .map(
      (f) =>
        (parse(readFileSync(join(dir, f), 'utf8')) as { kubernetesVersion?: unknown } | null)
          ?.kubernetesVersion,
    )
    .filter((v): v is string => typeof v === 'string');
}

const args = process.argv.slice(2);
const force = args.includes('--force');
const all = args.includes('--all');
const named = args.filter((a) => !a.startsWith('--'));
const root = findWorkspaceRoot() ?? process.cwd();
const minors = all
  ? Object.keys(KUBERNETES_OPENAPI_RELEASES)
  : named.length > 0
    ? named
    : inventoryMinors(root);
try {
  for (const spec of pullOpenApi({ minors, force })) {
    console.log(
      `openapi: Kubernetes ${spec.minor} -> k8s.io/kubernetes@${spec.release} ${spec.pulled ? 'extracted to' : 'already in'} ${spec.file}`,
    );
    // compiling the validators takes seconds; do it here, once, rather than in the first check
    const builtin = builtinSpec(spec.minor);
    const first = [...builtin.resources.values()].find((r) => r.kind === 'Pod');
    if (first) builtin.validator(first);
  }
} catch (error) {
  console.error(`openapi: ERROR: ${(error as Error).message}`);
  process.exit(1);
}
