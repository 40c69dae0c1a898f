import type { RenderedCluster, RenderedSource } from '@platform/hydrate';
import { isRecord, record } from './objects.ts';

/** One version of a CRD the cluster installs. */
export interface CrdVersion {
  name: string;
  served: boolean;
  schema: unknown;
}

/** A CustomResourceDefinition rendered for a cluster, reduced to what the checks need. */
export interface InstalledCrd {
  name: string;
  group: string;
  kind: string;
  namespaced: boolean;
  versions: CrdVersion[];
  /** Who renders it. */
  component: string;
  source: RenderedSource;
}

const cache = new WeakMap<RenderedCluster, ReadonlyMap<string, InstalledCrd>>();

/** The CRDs the cluster's own renders install, keyed `group/Kind` (first render wins). */
export function installedCrds(cluster: RenderedCluster): ReadonlyMap<string, InstalledCrd> {
  const known = cache.get(cluster);
  if (known !== undefined) return known;
  const crds = new Map<string, InstalledCrd>();
  for (const source of cluster.sources) {
    for (const object of source.objects) {
      if (
        object.kind !== 'CustomResourceDefinition' ||
        !String(object.apiVersion).startsWith('apiextensions.k8s.io/')
      )
        continue;
      const spec = record(object.spec);
      const group = String(spec.group ?? '');
      const kind = String(record(spec.names).kind ?? '');
      if (!group || !kind || crds.has(`${group}/${kind}`)) continue;
      const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isRecord).map(
        (v): CrdVersion => ({
          name: String(v.name),
          served: v.served !== false,
          schema: record(v.schema).openAPIV3Schema,
        }),
      );
      crds.set(`${group}/${kind}`, {
        name: object.metadata?.name ?? `${record(spec.names).plural}.${group}`,
        group,
        kind,
        namespaced: spec.scope !== 'Cluster',
        versions,
        component: source.component,
        source,
      });
    }
  }
  cache.set(cluster, crds);
  return crds;
}
