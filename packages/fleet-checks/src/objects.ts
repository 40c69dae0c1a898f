import type { Issue } from '@platform/errors';
import type { K8sObject, RenderedCluster, RenderedFleet, RenderedSource } from '@platform/hydrate';

/** One step into an object: a property name or an array index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `spec.template.spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** True for plain JSON objects (not arrays, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record at `value`, or an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** `apps/v1` -> `{ group: 'apps', version: 'v1' }`; `v1` -> `{ group: '', version: 'v1' }`. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The API group of an object (`''` for the core group). */
export function groupOf(object: K8sObject): string {
  return splitApiVersion(String(object.apiVersion)).group;
}

/** `apps/v1 Deployment cert-manager/cert-manager`, or `scheduling.k8s.io/v1 PriorityClass x` when cluster-scoped. */
export function describeObject(object: K8sObject, namespace?: string): string {
  const name = object.metadata?.name ?? '(no name)';
  return `${object.apiVersion} ${object.kind} ${namespace ? `${namespace}/${name}` : name}`;
}

/** A short rendering of a found value: `"x"`, `3`, `an object`, `nothing`. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length <= 5 ? JSON.stringify(value) : `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Where an object comes from: the cluster, the rendered source and the object itself. */
export interface ObjectSite {
  cluster: RenderedCluster;
  source: RenderedSource;
  object: K8sObject;
  index: number;
}

/** Every rendered object of the fleet with where it comes from, in render order. */
export function* objectsOf(fleet: RenderedFleet): Generator<ObjectSite> {
  for (const cluster of fleet.clusters) yield* clusterObjects(cluster);
}

/** Every rendered object of one cluster. */
export function* clusterObjects(cluster: RenderedCluster): Generator<ObjectSite> {
  for (const source of cluster.sources) {
    for (const [index, object] of source.objects.entries()) {
      if (isRecord(object)) yield { cluster, source, object, index };
    }
  }
}

/** The fields of an Issue about one object that every check fills the same way. */
export interface ObjectFinding {
  code: string;
  message: string;
  path?: string;
  expected?: string;
  found?: string;
  hint?: string;
}

/** An Issue about `site.object`, named by cluster, component, values file and object. */
export function objectIssue(site: ObjectSite, namespace: string | undefined, finding: ObjectFinding): Issue {
  return {
    code: finding.code,
    message: finding.message,
    file: site.source.valuesFile,
    cluster: site.cluster.cluster,
    component: site.source.component,
    object: describeObject(site.object, namespace),
    ...(finding.path !== undefined ? { path: finding.path } : {}),
    ...(finding.expected !== undefined ? { expected: finding.expected } : {}),
    ...(finding.found !== undefined ? { found: finding.found } : {}),
    ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
  };
}
