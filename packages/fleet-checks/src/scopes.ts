import type { RenderedCluster } from '@platform/hydrate';
import { installedCrds } from './crds.ts';
import { splitApiVersion } from './objects.ts';
import { builtinSpec } from './openapi/spec.ts';

/**
 * Whether objects of `apiVersion`/`kind` live in a namespace on this cluster: from the built-in
 * API of the cluster's Kubernetes version, else from the CRDs the cluster's renders install.
 * Undefined when neither knows the kind. Throws when the OpenAPI cache is missing.
 */
export function isNamespaced(
  apiVersion: string,
  kind: string,
  cluster: RenderedCluster,
): boolean | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  const spec = builtinSpec(cluster.kubeVersion);
  const builtin =
    spec.resource(group, version, kind) ??
    [...spec.resources.values()].find((r) => r.group === group && r.kind === kind);
  if (builtin !== undefined) return builtin.namespaced;
  return installedCrds(cluster).get(`${group}/${kind}`)?.namespaced;
}

/**
 * The namespace an object ends up in: its own, or the Application's destination namespace when
 * the chart left a namespaced object without one. Undefined for cluster-scoped (or unknown) kinds.
 */
export function effectiveNamespace(
  object: { apiVersion: string; kind: string; metadata?: { namespace?: string } },
  destination: string,
  cluster: RenderedCluster,
): string | undefined {
  const namespaced = isNamespaced(String(object.apiVersion), String(object.kind), cluster);
  if (namespaced === false) return undefined;
  return object.metadata?.namespace || (namespaced ? destination : undefined);
}
