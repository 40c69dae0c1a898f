import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { OpenApiCacheMissingError } from '../errors.ts';
import { openApiCacheDir } from '../workspace.ts';
import { closeBuiltin } from './close-schema.ts';
import type { ExtractedSpec, SpecResource } from './extract.ts';
import { specFile } from './pull.ts';
import { KUBERNETES_OPENAPI_RELEASES, kubeMinor, openApiRelease } from './releases.ts';
import { precompiled, readJson, schemasHash, validatorFile } from './validators.ts';

/** The built-in API of one Kubernetes release: its resources, and their validators. */
export class BuiltinSpec {
  readonly release: string;
  /** `group/version/Kind` -> resource. */
  readonly resources: ReadonlyMap<string, SpecResource>;
  /** Every group the release knows (any version), `''` for the core group. */
  readonly groups: ReadonlySet<string>;
  private readonly dir: string;
  private readonly definitions: Record<string, Record<string, unknown>>;
  private readonly hash: string;
  private builtins: Record<string, ValidateFunction> | undefined;
  private readonly crds = new Map<string, ValidateFunction>();

  constructor(spec: ExtractedSpec, dir: string) {
    this.release = spec.kubernetes;
    this.dir = dir;
    this.resources = new Map(spec.resources.map((r) => [`${r.group}/${r.version}/${r.kind}`, r]));
    this.groups = new Set(spec.resources.map((r) => r.group));
    this.definitions = Object.fromEntries(
      Object.entries(spec.schemas).map(([name, schema]) => [name, closeBuiltin(name, schema)]),
    );
    this.hash = schemasHash(this.definitions);
  }

  /** The resource of `apiVersion`/`kind` in this release, served or not. */
  resource(group: string, version: string, kind: string): SpecResource | undefined {
    return this.resources.get(`${group}/${version}/${kind}`);
  }

  /** Every version of `group`/`kind` this release has a resource for. */
  versionsOf(group: string, kind: string): string[] {
    return [...this.resources.values()]
      .filter((r) => r.group === group && r.kind === kind)
      .map((r) => r.version);
  }

  /** The validator of a served built-in resource (all of them compile together, once, to disk). */
  validator(resource: SpecResource): ValidateFunction {
    this.builtins ??= precompiled(
      validatorFile(this.dir, `builtin-${this.hash}`),
      this.definitions,
      [
        ...new Set(
          [...this.resources.values()].filter((r) => servedByDefault(r.version)).map((r) => r.schema),
        ),
      ].sort(),
    );
    const fn = this.builtins[resource.schema];
    if (fn === undefined) throw new Error(`no compiled validator for ${resource.schema}`);
    return fn;
  }

  /** A validator of a closed CRD schema; the same schema compiles once, to disk, whichever cluster asks. */
  crdValidator(schema: Record<string, unknown>): ValidateFunction {
    const hash = schemasHash(this.hash, schema);
    let fn = this.crds.get(hash);
    if (fn === undefined) {
      const root = `crd-${hash}`;
      const compiled = precompiled(validatorFile(this.dir, root), { ...this.definitions, [root]: schema }, [
        root,
      ]);
      fn = compiled[root] as ValidateFunction;
      this.crds.set(hash, fn);
    }
    return fn;
  }
}

/**
 * Alpha and beta API versions are off by default on a real cluster (beta since Kubernetes 1.24),
 * while the published documents describe every version; only GA versions count as served.
 */
export function servedByDefault(version: string): boolean {
  return /^v\d+$/.test(version);
}

const loaded = new Map<string, BuiltinSpec>();

/**
 * The built-in API of the Kubernetes version a cluster runs, read from the local cache. A missing
 * cache is an error that names the command filling it.
 */
export function builtinSpec(kubeVersion: string, cacheDir: string = openApiCacheDir()): BuiltinSpec {
  const minor = kubeMinor(kubeVersion);
  const release = openApiRelease(minor);
  if (release === undefined) {
    throw new OpenApiCacheMissingError(
      `no Kubernetes OpenAPI release is pinned for Kubernetes ${minor} (pinned: ` +
        `${Object.keys(KUBERNETES_OPENAPI_RELEASES).join(', ')}); add one to ` +
        'packages/fleet-checks/src/openapi/releases.ts, then run `pnpm openapi:pull`',
    );
  }
  const file = specFile(release, cacheDir);
  const cached = loaded.get(file);
  if (cached !== undefined) return cached;
  if (!existsSync(file)) {
    throw new OpenApiCacheMissingError(
      `the Kubernetes ${minor} OpenAPI schemas (k8s.io/kubernetes@${release}) are not in ${file}; ` +
        `run \`pnpm openapi:pull\` (or \`pnpm --filter @platform/fleet-checks openapi:pull ${minor}\`), ` +
        'which needs Go and the Go module proxy',
    );
  }
  const spec = new BuiltinSpec(readJson<ExtractedSpec>(file), dirname(file));
  loaded.set(file, spec);
  return spec;
}
