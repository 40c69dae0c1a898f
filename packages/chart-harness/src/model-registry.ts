import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the model of one `apiVersion`/`kind` lives. */
export interface ModelLocation {
  /** npm package, e.g. `kubernetes-models` or `@kubernetes-models/argo-cd`. */
  pkg: string;
  /** Package and dependency versions; the disk cache is keyed by it. */
  versionKey: string;
  group: string;
  version: string;
  kind: string;
  /** Import specifier of the model class, e.g. `kubernetes-models/apps/v1/Deployment`. */
  specifier: string;
  /** The declaration file with the kind's `I<Kind>` interface. */
  dtsFile: string;
}

/** A kubernetes-models class: `new Model(data).validate()` throws on schema violations. */
export interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: unknown): { validate(): void };
}

/** Splits `apps/v1` into `{ group: 'apps', version: 'v1' }` and `v1` into `{ group: '', version: 'v1' }`. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

const CRD_PACKAGES: readonly [RegExp, string][] = [
  [/^argoproj\.io$/, '@kubernetes-models/argo-cd'],
  [/^karpenter\.(sh|k8s\.aws)$/, '@kubernetes-models/karpenter'],
  [/^(.+\.)?external-secrets\.io$/, '@kubernetes-models/external-secrets'],
  [/\.istio\.io$/, '@kubernetes-models/istio'],
  [/^monitoring\.coreos\.com$/, '@kubernetes-models/prometheus-operator'],
  [/^((.+\.)?cert-manager\.io|trust-manager\.io)$/, '@kubernetes-models/cert-manager'],
  [/^(.+\.)?keda\.sh$/, '@kubernetes-models/keda'],
];

/**
 * The model package for an API group; Kubernetes' own groups (`''`, `apps`, `*.k8s.io`) are
 * `kubernetes-models`.
 */
export function packageForGroup(group: string): string | undefined {
  if (group === '' || !group.includes('.') || group.endsWith('.k8s.io')) return 'kubernetes-models';
  return CRD_PACKAGES.find(([pattern]) => pattern.test(group))?.[1];
}

const packageDirs = new Map<string, { dir: string; versionKey: string } | undefined>();

/** Locates the model of `apiVersion`/`kind` on disk, or undefined when no package has it. */
export function locateModel(apiVersion: string, kind: string): ModelLocation | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  const pkg = packageForGroup(group);
  if (pkg === undefined || !/^[A-Za-z0-9]+$/.test(kind) || !/^v[0-9a-z]+$/.test(version)) return undefined;
  const installed = findPackage(pkg);
  if (installed === undefined) return undefined;
  const subpath = group === '' ? `${version}/${kind}` : `${group}/${version}/${kind}`;
  const dtsFile = join(installed.dir, `${subpath}.d.ts`);
  if (!existsSync(dtsFile) || !existsSync(join(installed.dir, `${subpath}.js`))) return undefined;
  return {
    pkg,
    versionKey: installed.versionKey,
    group,
    version,
    kind,
    specifier: `${pkg}/${subpath}`,
    dtsFile,
  };
}

/**
 * Imports the model class, or undefined when the module is not a top-level kind (the packages
 * also ship classes for nested types such as `DeploymentSpec`).
 */
export async function loadModel(location: ModelLocation): Promise<ModelClass | undefined> {
  const module = (await import(/* @vite-ignore */ location.specifier)) as Record<string, unknown>;
  const model = module[location.kind];
  if (typeof model !== 'function') return undefined;
  const statics = model as unknown as Partial<ModelClass>;
  const apiVersion = location.group === '' ? location.version : `${location.group}/${location.version}`;
  return statics.apiVersion === apiVersion && statics.kind === location.kind
    ? (model as ModelClass)
    : undefined;
}

function findPackage(pkg: string): { dir: string; versionKey: string } | undefined {
  if (packageDirs.has(pkg)) return packageDirs.get(pkg);
  const dir = findInNodeModules(pkg, dirname(fileURLToPath(import.meta.url)));
  let found: { dir: string; versionKey: string } | undefined;
  if (dir !== undefined) {
    // the interfaces import ObjectMeta & co. from apimachinery, so its version shapes the trees too
    const apimachinery = findInNodeModules('@kubernetes-models/apimachinery', dir);
    const versionKey = [
      `${pkg}@${readVersion(dir)}`,
      apimachinery && `apimachinery@${readVersion(apimachinery)}`,
    ]
      .filter(Boolean)
      .join('+');
    found = { dir, versionKey };
  }
  packageDirs.set(pkg, found);
  return found;
}

function findInNodeModules(pkg: string, from: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', pkg);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}
